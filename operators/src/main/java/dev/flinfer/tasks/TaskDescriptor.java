package dev.flinfer.tasks;

import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * One task, said once: what it reads and writes, its options, how its settings are made from a
 * configuration, and how its model opens. The DataStream builders, the SQL provider and the job's
 * command line are adapters over descriptors ({@link Tasks} lists them), so a new task is its
 * descriptor, its model and its pre/post-processing.
 *
 * <pre>{@code
 * TaskDescriptor<TextEmbeddingSettings> task = TextEmbeddingTask.INSTANCE;
 * TextEmbeddingSettings settings = task.settings(configuration);     // checked, on the client
 * BatchTask<SourceRecord, ?, ?, Outcome> records = task.openRecords(settings);   // on a task manager
 * }</pre>
 *
 * <p>Descriptors are stateless singletons: everything a run needs is in its settings.
 *
 * @param <S> the task's settings
 */
@PublicEvolving
public interface TaskDescriptor<S extends TaskSettings> extends Serializable {

    /** What one value of the task is. */
    @PublicEvolving
    enum Reads {
        /** A text (a JSON field, a STRING column). */
        TEXT,
        /** An encoded image (a record value, base64 in JSON, a BYTES column). */
        IMAGE,
        /** A post with a text, an image or both. */
        POST
    }

    /** What the task gives per value. */
    @PublicEvolving
    enum Writes {
        /** A unit-norm vector ({@code float[]}). */
        EMBEDDING,
        /** Labelled scores, best first ({@code List<LabelScore>}). */
        LABELS,
        /** A moderation verdict with each part's scores. */
        DECISION,
        /** A generated text ({@code Generated}: text, tokens, finish reason). */
        TEXT
    }

    /** The task's name on the command line and in SQL's {@code 'task'}: {@code text-embedding}. */
    String name();

    /** A short verb for thread, operator and metric names: {@code embed}. */
    String verb();

    Reads reads();

    Writes writes();

    /** The model used when none is set, or null when one must be set. */
    String defaultModel();

    /**
     * The options this task reads besides {@link Tasks#COMMON_OPTIONS}, with this task's defaults,
     * in the order the command line and README list them.
     */
    List<ConfigOption<?>> options();

    /** The preparation threads option, with this task's default. */
    default ConfigOption<Integer> prepareThreads() {
        return FlinferOptions.PREPARE_THREADS;
    }

    /**
     * The task's settings from {@code config}, every value checked ({@link OptionRules}); throws
     * {@link IllegalArgumentException} naming a bad value, {@link IllegalStateException} for a
     * missing one.
     */
    S settings(ReadableConfig config);

    /** Opens the model and wraps it for Kafka records; fails naming the file it cannot use. */
    BatchTask<SourceRecord, ?, ?, Outcome> openRecords(S settings);

    /**
     * Opens the model alone, for values that do not come from records (SQL rows): a {@link
     * ModelTask} of the value {@link #reads()} says and the result {@link #writes()} says.
     */
    ModelTask<?, ?, ?, ?> openModel(S settings);
}
