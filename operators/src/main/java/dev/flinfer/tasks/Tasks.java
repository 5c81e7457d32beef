package dev.flinfer.tasks;

import static dev.flinfer.tasks.FlinferOptions.DEVICE;
import static dev.flinfer.tasks.FlinferOptions.INFERENCE_WORKERS;
import static dev.flinfer.tasks.FlinferOptions.INTRA_OP_THREADS;
import static dev.flinfer.tasks.FlinferOptions.LENGTH_BUCKETS;
import static dev.flinfer.tasks.FlinferOptions.MAX_BATCH_SIZE;
import static dev.flinfer.tasks.FlinferOptions.MAX_LATENCY;
import static dev.flinfer.tasks.FlinferOptions.MODEL;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.session.Device;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.generation.Text2TextTask;
import dev.flinfer.tasks.generation.TextGenerationTask;
import dev.flinfer.tasks.imageclassification.ImageClassificationTask;
import dev.flinfer.tasks.moderation.ModerationTask;
import dev.flinfer.tasks.textclassification.TextClassificationTask;
import dev.flinfer.tasks.textembedding.TextEmbeddingTask;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The tasks Flinfer runs, and the options and settings every task shares (model, device, threads,
 * batching).
 *
 * <pre>{@code
 * TaskDescriptor<?> task = Tasks.byName("image-classification");
 * BatchPolicy policy = Tasks.policy(config, task);
 * }</pre>
 */
@PublicEvolving
public final class Tasks {
    /** Every task, in the order the command line lists them. */
    public static final List<TaskDescriptor<?>> ALL =
            List.of(
                    TextEmbeddingTask.INSTANCE,
                    ImageClassificationTask.INSTANCE,
                    TextClassificationTask.INSTANCE,
                    ModerationTask.INSTANCE,
                    TextGenerationTask.INSTANCE,
                    Text2TextTask.INSTANCE);

    /** What every task reads: the model, its session and its batching. */
    public static final List<ConfigOption<?>> COMMON_OPTIONS =
            List.of(
                    MODEL,
                    DEVICE,
                    INTRA_OP_THREADS,
                    MAX_BATCH_SIZE,
                    MAX_LATENCY,
                    LENGTH_BUCKETS,
                    INFERENCE_WORKERS);

    private Tasks() {}

    /** The task called {@code name}; the message lists the tasks there are. */
    public static TaskDescriptor<?> byName(String name) {
        for (TaskDescriptor<?> task : ALL) {
            if (task.name().equals(name)) {
                return task;
            }
        }
        throw new IllegalArgumentException(
                "Unknown task '" + name + "': expected " + names(", ", " or "));
    }

    /** The task names joined: {@code text-embedding, image-classification or ...}. */
    public static String names(String separator, String last) {
        List<String> names = ALL.stream().map(TaskDescriptor::name).toList();
        return names.subList(0, names.size() - 1).stream().collect(Collectors.joining(separator))
                + last
                + names.get(names.size() - 1);
    }

    /**
     * The model {@code config} sets; fails when it sets none (the command line sets the task's
     * {@link TaskDescriptor#defaultModel()}; builders and SQL ask for one).
     */
    public static String model(ReadableConfig config) {
        String model = config.getOptional(MODEL).orElse(null);
        if (model == null) {
            throw new IllegalStateException("No model set: call setModel(name or directory)");
        }
        return OptionRules.check(MODEL, model);
    }

    /**
     * Device, intra-op threads, inference workers and the max batch size (a bound of TensorRT's
     * optimisation profile), checked.
     */
    public static SessionSettings session(ReadableConfig config) {
        return new SessionSettings(
                Device.parse(OptionRules.get(config, DEVICE)),
                OptionRules.get(config, INTRA_OP_THREADS),
                OptionRules.get(config, INFERENCE_WORKERS),
                OptionRules.get(config, MAX_BATCH_SIZE));
    }

    /**
     * The batch policy, checked. Preparation threads left unset are the task's default, or for a
     * shared engine (which prepares for all the TaskManager's slots) {@link BatchPolicy#ALL_CORES}.
     */
    public static BatchPolicy policy(ReadableConfig config, TaskDescriptor<?> task) {
        boolean threadsSet = config.getOptional(task.prepareThreads()).isPresent();
        int prepareThreads =
                !threadsSet && config.get(FlinferOptions.SHARED_ENGINE)
                        ? BatchPolicy.ALL_CORES
                        : OptionRules.get(config, task.prepareThreads());
        BatchPolicy policy =
                new BatchPolicy(
                        OptionRules.get(config, MAX_BATCH_SIZE),
                        OptionRules.get(config, MAX_LATENCY),
                        prepareThreads,
                        config.get(LENGTH_BUCKETS),
                        OptionRules.get(config, INFERENCE_WORKERS));
        // the token bound is a generation task's option: a running batch's cache
        return task.options().contains(FlinferOptions.MAX_BATCH_TOKENS)
                ? policy.withMaxBatchTokens(
                        OptionRules.get(config, FlinferOptions.MAX_BATCH_TOKENS))
                : policy;
    }

    /** A short name for a model given as a name or a directory: its last path element. */
    public static String shortName(String path) {
        String model = path.replaceAll("[/\\\\]+$", "");
        int slash = Math.max(model.lastIndexOf('/'), model.lastIndexOf('\\'));
        return slash >= 0 && slash < model.length() - 1 ? model.substring(slash + 1) : model;
    }

    /** The name of a task's operator and threads: {@code embed-all-minilm-l6-v2}. */
    public static String operatorName(TaskDescriptor<?> task, TaskSettings settings) {
        return task.verb() + "-" + shortName(settings.model());
    }
}
