package dev.flinfer.sql;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of {@code CREATE MODEL ... WITH ('provider' = 'onnx', ...)} that only SQL has. The
 * model, session and batching options are the tasks' own {@code FlinferOptions}, by their short
 * keys ({@code 'model'}, {@code 'max-batch-size'}, ...) or their full ones ({@code
 * 'flinfer.batch.max-size'}).
 *
 * <pre>{@code
 * CREATE MODEL minilm INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)
 * WITH ('provider' = 'onnx', 'task' = 'embedding', 'model' = 'all-minilm-l6-v2');
 * }</pre>
 */
@PublicEvolving
public final class OnnxModelOptions {
    private OnnxModelOptions() {}

    /** What a bad row becomes. */
    @PublicEvolving
    public enum OnError {
        /** The model's output columns are NULL; the error column, when declared, says why. */
        NULL,
        /** The job fails, naming the row's problem. */
        FAIL
    }

    public static final ConfigOption<String> TASK =
            ConfigOptions.key("task")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "embedding (text) or classification (text or images, told by the"
                                    + " bundle), or a task's own name (text-embedding,"
                                    + " text-classification, image-classification).");

    public static final ConfigOption<OnError> ON_ERROR =
            ConfigOptions.key("on-error")
                    .enumType(OnError.class)
                    .defaultValue(OnError.NULL)
                    .withDescription(
                            "A bad row (unreadable image, empty text, ...): NULL outputs plus the"
                                    + " reason in the error column, or FAIL the job.");

    public static final ConfigOption<String> ERROR_COLUMN =
            ConfigOptions.key("error-column")
                    .stringType()
                    .defaultValue("error")
                    .withDescription(
                            "Name of an optional STRING output column that gets the reason of a"
                                    + " bad row (NULL for good rows).");

    public static final ConfigOption<String> MODEL_CONTROL =
            ConfigOptions.key("model-control")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "kafka://HOST:PORT/TOPIC of JSON model commands ({\"model\": NAME,"
                                    + " \"serve\": N}, canary, rollback) written from the query's"
                                    + " start on; 'model' must then be a directory of numbered"
                                    + " versions (NAME/1/, NAME/2/, ...) or one of them.");

    public static final ConfigOption<Duration> MODEL_POLL_INTERVAL =
            ConfigOptions.key("model-poll-interval")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "How often to look for a newer version in the model's repository and"
                                    + " serve it (at least 100 ms); 'model' must be a versioned"
                                    + " repository, not pinned to one version.");

    /**
     * An OUTPUT column of this name (STRING) gets the version of the model that produced the row:
     * the version number of a versioned repository, else the bundle's content digest.
     */
    public static final String VERSION_COLUMN = "model_version";
}
