package dev.flinfer.tasks;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.tasks.imageclassification.ImageClassificationSettings.InputFormat;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of Flinfer's tasks as a Flink {@link ConfigOption}: the one set of keys that the
 * DataStream builders ({@code configure}), Flink SQL's {@code CREATE MODEL ... WITH (...)} (by the
 * short fallback keys, e.g. {@code 'max-batch-size'}) and the job's command line all read, with one
 * set of defaults. Values are checked by {@link OptionRules}, with the same message everywhere.
 *
 * <pre>{@code
 * Configuration conf = new Configuration();
 * conf.set(FlinferOptions.MODEL, "all-minilm-l6-v2");
 * TextEmbeddings embeddings = TextEmbeddings.builder().configure(conf).build();
 * }</pre>
 *
 * <p>A few defaults depend on the task (the output field, top-k, preparation threads): the task
 * descriptors hold those options with their defaults ({@link #outputField}, {@link #topK}, {@link
 * #prepareThreads}); the key is the same.
 */
@PublicEvolving
public final class FlinferOptions {
    private FlinferOptions() {}

    public static final ConfigOption<String> MODEL =
            ConfigOptions.key("flinfer.model")
                    .stringType()
                    .noDefaultValue()
                    .withFallbackKeys("model")
                    .withDescription(
                            "A bundled model name (e.g. all-minilm-l6-v2) or a bundle directory.");

    public static final ConfigOption<String> DEVICE =
            ConfigOptions.key("flinfer.device")
                    .stringType()
                    .defaultValue("auto")
                    .withFallbackKeys("device")
                    .withDescription(
                            "auto (CUDA when it loads, else CPU), cpu, cuda:N or tensorrt:N.");

    public static final ConfigOption<Integer> INTRA_OP_THREADS =
            ConfigOptions.key("flinfer.intra-op-threads")
                    .intType()
                    .defaultValue(0)
                    .withFallbackKeys("intra-op-threads")
                    .withDescription(
                            "ONNX Runtime intra-op threads per inference worker; 0 = the cores divided"
                                    + " among the workers (one per core for a single worker).");

    public static final ConfigOption<Integer> MAX_BATCH_SIZE =
            ConfigOptions.key("flinfer.batch.max-size")
                    .intType()
                    .defaultValue(BatchPolicy.DEFAULT_MAX_BATCH_SIZE)
                    .withFallbackKeys("max-batch-size")
                    .withDescription("A batch closes when it holds this many records.");

    public static final ConfigOption<Duration> MAX_LATENCY =
            ConfigOptions.key("flinfer.batch.max-latency")
                    .durationType()
                    .defaultValue(BatchPolicy.DEFAULT_MAX_LATENCY)
                    .withFallbackKeys("max-latency")
                    .withDescription("A batch closes when its oldest record has waited this long.");

    public static final ConfigOption<Integer> PREPARE_THREADS =
            prepareThreads(BatchPolicy.DEFAULT_PREPARE_THREADS);

    public static final ConfigOption<Boolean> LENGTH_BUCKETS =
            ConfigOptions.key("flinfer.batch.length-buckets")
                    .booleanType()
                    .defaultValue(BatchPolicy.DEFAULT_LENGTH_BUCKETS)
                    .withFallbackKeys("length-buckets")
                    .withDescription(
                            "Batch records of similar length together (the run that wastes least"
                                    + " per record, padding plus the run's fixed cost), so short"
                                    + " texts are not padded to long ones.");

    public static final ConfigOption<Integer> INFERENCE_WORKERS =
            ConfigOptions.key("flinfer.batch.inference-workers")
                    .intType()
                    .defaultValue(BatchPolicy.DEFAULT_INFERENCE_WORKERS)
                    .withFallbackKeys("inference-workers")
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

    /** The options of the DataStream operator around a task (not of the task, not in SQL). */
    public static final List<ConfigOption<?>> OPERATOR_OPTIONS =
            List.of(SHARED_ENGINE, CAPACITY, TIMEOUT);

    public static final ConfigOption<String> TEXT_FIELD =
            ConfigOptions.key("flinfer.text.field")
                    .stringType()
                    .defaultValue("text")
                    .withDescription("JSON field holding the text; '/a/b' is a JSON Pointer.");

    public static final ConfigOption<String> TEXT_PREFIX =
            ConfigOptions.key("flinfer.text.prefix")
                    .stringType()
                    .noDefaultValue()
                    .withFallbackKeys("text-prefix")
                    .withDescription(
                            "Text put before every text, instead of the bundle's own"
                                    + " flinfer_text_prefix (e5: 'query: ' for queries, 'passage: '"
                                    + " for documents, the bundle's default); '' for none.");

    public static final ConfigOption<Integer> MAX_TEXT_CHARS =
            ConfigOptions.key("flinfer.text.max-chars")
                    .intType()
                    .defaultValue(100_000)
                    .withFallbackKeys("max-text-chars")
                    .withDescription("Longer texts are bad records (dead letters, or SQL errors).");

    public static final ConfigOption<Integer> MAX_RECORD_BYTES =
            ConfigOptions.key("flinfer.record.max-bytes")
                    .intType()
                    .defaultValue(4 * 1024 * 1024)
                    .withDescription("Larger text records go to the dead-letter output.");

    /** The output field of tasks that say no other: see each task's own default. */
    public static final ConfigOption<String> OUTPUT_FIELD = outputField("embedding");

    public static final ConfigOption<String> IMAGE_FIELD =
            ConfigOptions.key("flinfer.image.field")
                    .stringType()
                    .defaultValue("image")
                    .withDescription(
                            "JSON field with the base64 image (JSON image input, posts); '/a/b' is"
                                    + " a JSON Pointer.");

    public static final ConfigOption<InputFormat> INPUT_FORMAT =
            ConfigOptions.key("flinfer.image.input-format")
                    .enumType(InputFormat.class)
                    .defaultValue(InputFormat.RAW)
                    .withDescription(
                            "Images: raw bytes as the record value (key = id), or JSON with base64"
                                    + " bytes in the image field.");

    public static final ConfigOption<Integer> MAX_IMAGE_BYTES =
            ConfigOptions.key("flinfer.image.max-bytes")
                    .intType()
                    .defaultValue(ImageLimits.DEFAULT.maxEncodedBytes())
                    .withFallbackKeys("max-image-bytes")
                    .withDescription("Larger encoded images are bad records.");

    public static final ConfigOption<Boolean> REDUCED_DECODING =
            ConfigOptions.key("flinfer.image.reduced-decoding")
                    .booleanType()
                    .defaultValue(true)
                    .withFallbackKeys("reduced-decoding")
                    .withDescription(
                            "Decode baseline and progressive JPEGs straight to 1/2, 1/4 or 1/8 of their size where"
                                    + " the model's resize still only shrinks (several times"
                                    + " cheaper for camera-sized files; the tensor differs from the"
                                    + " full-size path's by under a grey level on average). False"
                                    + " decodes every image at full size, as Hugging Face's"
                                    + " processors do.");

    public static final ConfigOption<Long> MAX_IMAGE_PIXELS =
            ConfigOptions.key("flinfer.image.max-pixels")
                    .longType()
                    .defaultValue(ImageLimits.DEFAULT.maxPixels())
                    .withFallbackKeys("max-image-pixels")
                    .withDescription(
                            "Images whose header claims more pixels (width x height, read before"
                                    + " decoding) are bad records.");

    public static final ConfigOption<Integer> TOP_K = topK(0);

    public static final ConfigOption<String> IMAGE_MODEL =
            ConfigOptions.key("flinfer.moderation.image-model")
                    .stringType()
                    .defaultValue("nsfw-mobilenet-v2")
                    .withDescription("Moderation: the image classifier (name or directory).");

    public static final ConfigOption<String> POLICY =
            ConfigOptions.key("flinfer.moderation.policy")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Moderation: the policy file (JSON or YAML), per-label block/review"
                                    + " thresholds; read and checked on the client.");

    public static final ConfigOption<Long> MAX_BATCH_TOKENS =
            ConfigOptions.key("flinfer.batch.max-tokens")
                    .longType()
                    .defaultValue(16_384L)
                    .withFallbackKeys("max-batch-tokens")
                    .withDescription(
                            "Generation: the running batch holds at most this many tokens of cache"
                                    + " (each sequence counts its prompt plus max-new-tokens, times"
                                    + " its beams); 0 = only max-batch-size bounds it.");

    public static final ConfigOption<String> PROMPT_FIELD =
            ConfigOptions.key("flinfer.generation.prompt-field")
                    .stringType()
                    .defaultValue("text")
                    .withFallbackKeys("prompt-field")
                    .withDescription(
                            "Field of the input JSON holding the prompt's text ('/a/b' is a JSON"
                                    + " Pointer).");

    public static final ConfigOption<String> PROMPT_TEMPLATE =
            ConfigOptions.key("flinfer.generation.prompt-template")
                    .stringType()
                    .defaultValue("{text}")
                    .withFallbackKeys("prompt-template")
                    .withDescription(
                            "The prompt the model gets, {text} standing for the record's text"
                                    + " (e.g. 'summarize: {text}').");

    public static final ConfigOption<Integer> MAX_NEW_TOKENS =
            ConfigOptions.key("flinfer.generation.max-new-tokens")
                    .intType()
                    .defaultValue(32)
                    .withFallbackKeys("max-new-tokens")
                    .withDescription(
                            "At most this many new tokens per record (fewer when the context ends"
                                    + " first); reaching it is finish_reason 'length'.");

    public static final ConfigOption<Integer> MIN_NEW_TOKENS =
            ConfigOptions.key("flinfer.generation.min-new-tokens")
                    .intType()
                    .defaultValue(0)
                    .withFallbackKeys("min-new-tokens")
                    .withDescription("The end-of-sequence token is not chosen before this many.");

    public static final ConfigOption<Integer> NUM_BEAMS =
            ConfigOptions.key("flinfer.generation.num-beams")
                    .intType()
                    .defaultValue(1)
                    .withFallbackKeys("num-beams")
                    .withDescription("1: greedy or sampling; more: beam search over that many.");

    public static final ConfigOption<Double> TEMPERATURE =
            ConfigOptions.key("flinfer.generation.temperature")
                    .doubleType()
                    .defaultValue(0.0)
                    .withFallbackKeys("temperature")
                    .withDescription("0: greedy; above 0: sampling at this temperature.");

    public static final ConfigOption<Integer> SAMPLING_TOP_K =
            ConfigOptions.key("flinfer.generation.top-k")
                    .intType()
                    .defaultValue(0)
                    .withFallbackKeys("sampling-top-k")
                    .withDescription("Sampling draws from the k most likely tokens; 0 = all.");

    public static final ConfigOption<Double> TOP_P =
            ConfigOptions.key("flinfer.generation.top-p")
                    .doubleType()
                    .defaultValue(1.0)
                    .withFallbackKeys("top-p")
                    .withDescription(
                            "Sampling draws from the fewest tokens whose probability reaches p.");

    public static final ConfigOption<Double> REPETITION_PENALTY =
            ConfigOptions.key("flinfer.generation.repetition-penalty")
                    .doubleType()
                    .defaultValue(1.0)
                    .withFallbackKeys("repetition-penalty")
                    .withDescription(
                            "Above 1 makes tokens already in the sequence less likely; 1 = none.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("flinfer.generation.seed")
                    .longType()
                    .defaultValue(0L)
                    .withFallbackKeys("seed")
                    .withDescription(
                            "Sampling seed, mixed with each record's topic, partition and offset"
                                    + " (SQL: its prompt), so a replayed record gets the same text.");

    public static final ConfigOption<List<String>> STOP =
            ConfigOptions.key("flinfer.generation.stop")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withFallbackKeys("stop")
                    .withDescription(
                            "Stop strings (';' between them): a text ends before the first one.");

    /** {@link #OUTPUT_FIELD} with a task's default. */
    public static ConfigOption<String> outputField(String defaultField) {
        return ConfigOptions.key("flinfer.output.field")
                .stringType()
                .defaultValue(defaultField)
                .withDescription("JSON field the result is added under.");
    }

    /** {@link #TOP_K} with a task's default. */
    public static ConfigOption<Integer> topK(int defaultK) {
        return ConfigOptions.key("flinfer.classification.top-k")
                .intType()
                .defaultValue(defaultK)
                .withFallbackKeys("top-k")
                .withDescription("Labels per record, best first; 0 = all.");
    }

    /** {@link #PREPARE_THREADS} with a task's default. */
    public static ConfigOption<Integer> prepareThreads(int defaultThreads) {
        return ConfigOptions.key("flinfer.batch.prepare-threads")
                .intType()
                .defaultValue(defaultThreads)
                .withFallbackKeys("prepare-threads")
                .withDescription(
                        "Threads per engine that parse, tokenize or decode while the model runs"
                                + " (one engine per slot, or one per TaskManager when shared:"
                                + " a shared engine left unset takes one thread per core of its"
                                + " TaskManager).");
    }
}
