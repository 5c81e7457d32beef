package dev.flinfer.sql;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.flink.FlinferOptions;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.vision.ImageClassificationSettings;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of {@code CREATE MODEL ... WITH ('provider' = 'onnx', ...)}.
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
                    .withDescription("embedding (text) or classification (text or images).");

    public static final ConfigOption<String> MODEL =
            ConfigOptions.key("model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("A bundled model name or a bundle directory.");

    public static final ConfigOption<String> DEVICE =
            ConfigOptions.key("device")
                    .stringType()
                    .defaultValue(FlinferOptions.DEVICE.defaultValue())
                    .withDescription("auto (CUDA when it loads, else CPU), cpu, or cuda:N.");

    public static final ConfigOption<Integer> INTRA_OP_THREADS =
            ConfigOptions.key("intra-op-threads")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "ONNX Runtime intra-op threads per inference worker; 0 = the cores"
                                    + " divided among the workers.");

    public static final ConfigOption<Integer> MAX_BATCH_SIZE =
            ConfigOptions.key("max-batch-size")
                    .intType()
                    .defaultValue(BatchPolicy.DEFAULT_MAX_BATCH_SIZE)
                    .withDescription("A batch closes when it holds this many rows.");

    public static final ConfigOption<Duration> MAX_LATENCY =
            ConfigOptions.key("max-latency")
                    .durationType()
                    .defaultValue(BatchPolicy.DEFAULT_MAX_LATENCY)
                    .withDescription("A batch closes when its oldest row has waited this long.");

    public static final ConfigOption<Integer> PREPARE_THREADS =
            ConfigOptions.key("prepare-threads")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Threads per slot that tokenize or decode while the model runs"
                                    + " (default 1 for text, 2 for images).");

    public static final ConfigOption<Integer> INFERENCE_WORKERS =
            ConfigOptions.key("inference-workers")
                    .intType()
                    .defaultValue(BatchPolicy.DEFAULT_INFERENCE_WORKERS)
                    .withDescription(
                            "Batches run at once per slot on its one session, each with the"
                                    + " intra-op threads.");

    public static final ConfigOption<Integer> TOP_K =
            ConfigOptions.key("top-k")
                    .intType()
                    .defaultValue(ImageClassificationSettings.DEFAULT_TOP_K)
                    .withDescription("Labels in a 'labels' output column, best first; 0 = all.");

    public static final ConfigOption<Integer> MAX_TEXT_CHARS =
            ConfigOptions.key("max-text-chars")
                    .intType()
                    .defaultValue(FlinferOptions.MAX_TEXT_CHARS.defaultValue())
                    .withDescription("Longer texts are bad rows.");

    public static final ConfigOption<Integer> MAX_IMAGE_BYTES =
            ConfigOptions.key("max-image-bytes")
                    .intType()
                    .defaultValue(ImageLimits.DEFAULT.maxEncodedBytes())
                    .withDescription("Larger encoded images are bad rows.");

    public static final ConfigOption<Long> MAX_IMAGE_PIXELS =
            ConfigOptions.key("max-image-pixels")
                    .longType()
                    .defaultValue(ImageLimits.DEFAULT.maxPixels())
                    .withDescription("Images whose header claims more pixels are bad rows.");

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
}
