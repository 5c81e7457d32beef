package dev.flinfer.flink;

import dev.flinfer.embedding.TextEmbeddingSettings;
import dev.flinfer.engine.BatchPolicy;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of Flinfer's operators as a Flink {@link ConfigOption}, so that a job can be
 * configured from Flink configuration, YAML or the command line with the same keys the builders
 * use.
 *
 * <pre>{@code
 * Configuration conf = new Configuration();
 * conf.set(FlinferOptions.MODEL, "all-minilm-l6-v2");
 * TextEmbeddings embeddings = TextEmbeddings.builder().configure(conf).build();
 * }</pre>
 */
@PublicEvolving
public final class FlinferOptions {
    private FlinferOptions() {}

    public static final ConfigOption<String> MODEL =
            ConfigOptions.key("flinfer.model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A bundled model name (e.g. all-minilm-l6-v2) or a bundle directory.");

    public static final ConfigOption<String> DEVICE =
            ConfigOptions.key("flinfer.device")
                    .stringType()
                    .defaultValue("auto")
                    .withDescription("auto (CUDA when it loads, else CPU), cpu, or cuda:N.");

    public static final ConfigOption<Integer> INTRA_OP_THREADS =
            ConfigOptions.key("flinfer.intra-op-threads")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "ONNX Runtime intra-op threads per inference worker; 0 = the cores divided"
                                    + " among the workers (one per core for a single worker).");

    public static final ConfigOption<Integer> MAX_BATCH_SIZE =
            ConfigOptions.key("flinfer.batch.max-size")
                    .intType()
                    .defaultValue(BatchPolicy.DEFAULT_MAX_BATCH_SIZE)
                    .withDescription("A batch closes when it holds this many records.");

    public static final ConfigOption<Duration> MAX_LATENCY =
            ConfigOptions.key("flinfer.batch.max-latency")
                    .durationType()
                    .defaultValue(BatchPolicy.DEFAULT_MAX_LATENCY)
                    .withDescription("A batch closes when its oldest record has waited this long.");

    public static final ConfigOption<Integer> PREPARE_THREADS =
            ConfigOptions.key("flinfer.batch.prepare-threads")
                    .intType()
                    .defaultValue(BatchPolicy.DEFAULT_PREPARE_THREADS)
                    .withDescription(
                            "Threads per slot that parse and tokenize while the model runs.");

    public static final ConfigOption<Boolean> LENGTH_BUCKETS =
            ConfigOptions.key("flinfer.batch.length-buckets")
                    .booleanType()
                    .defaultValue(BatchPolicy.DEFAULT_LENGTH_BUCKETS)
                    .withDescription(
                            "Batch records of similar length together (the run that wastes least"
                                    + " per record, padding plus the run's fixed cost), so short"
                                    + " texts are not padded to long ones.");

    public static final ConfigOption<Integer> INFERENCE_WORKERS =
            ConfigOptions.key("flinfer.batch.inference-workers")
                    .intType()
                    .defaultValue(BatchPolicy.DEFAULT_INFERENCE_WORKERS)
                    .withDescription(
                            "Batches run at once per slot on its one session, each with the"
                                    + " intra-op threads; on a CPU, workers x intra-op threads"
                                    + " should match the slot's cores.");

    public static final ConfigOption<Boolean> SHARED_ENGINE =
            ConfigOptions.key("flinfer.engine.shared")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Share one engine (session, inference workers, batch queue) among the"
                                    + " slots of a TaskManager that run the same operator, instead"
                                    + " of one per slot.");

    public static final ConfigOption<Integer> CAPACITY =
            ConfigOptions.key("flinfer.async.capacity")
                    .intType()
                    .noDefaultValue()
                    .withDescription("Records in flight per slot (default 4 x max batch size).");

    public static final ConfigOption<Duration> TIMEOUT =
            ConfigOptions.key("flinfer.async.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "A record not done after this long fails the job (it is not lost).");

    public static final ConfigOption<String> TEXT_FIELD =
            ConfigOptions.key("flinfer.text.field")
                    .stringType()
                    .defaultValue(TextEmbeddingSettings.DEFAULT_TEXT_FIELD)
                    .withDescription("JSON field holding the text; '/a/b' is a JSON Pointer.");

    public static final ConfigOption<String> OUTPUT_FIELD =
            ConfigOptions.key("flinfer.output.field")
                    .stringType()
                    .defaultValue(TextEmbeddingSettings.DEFAULT_OUTPUT_FIELD)
                    .withDescription("JSON field the result is written to.");

    public static final ConfigOption<Integer> MAX_TEXT_CHARS =
            ConfigOptions.key("flinfer.text.max-chars")
                    .intType()
                    .defaultValue(TextEmbeddingSettings.DEFAULT_MAX_TEXT_CHARS)
                    .withDescription("Longer texts go to the dead-letter output.");

    public static final ConfigOption<Integer> MAX_RECORD_BYTES =
            ConfigOptions.key("flinfer.record.max-bytes")
                    .intType()
                    .defaultValue(TextEmbeddingSettings.DEFAULT_MAX_RECORD_BYTES)
                    .withDescription("Larger records go to the dead-letter output.");
}
