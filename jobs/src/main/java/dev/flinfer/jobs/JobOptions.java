package dev.flinfer.jobs;

import static dev.flinfer.tasks.FlinferOptions.CAPACITY;
import static dev.flinfer.tasks.FlinferOptions.DEVICE;
import static dev.flinfer.tasks.FlinferOptions.IMAGE_FIELD;
import static dev.flinfer.tasks.FlinferOptions.IMAGE_MODEL;
import static dev.flinfer.tasks.FlinferOptions.INFERENCE_WORKERS;
import static dev.flinfer.tasks.FlinferOptions.INPUT_FORMAT;
import static dev.flinfer.tasks.FlinferOptions.INTRA_OP_THREADS;
import static dev.flinfer.tasks.FlinferOptions.LENGTH_BUCKETS;
import static dev.flinfer.tasks.FlinferOptions.MAX_BATCH_SIZE;
import static dev.flinfer.tasks.FlinferOptions.MAX_IMAGE_BYTES;
import static dev.flinfer.tasks.FlinferOptions.MAX_IMAGE_PIXELS;
import static dev.flinfer.tasks.FlinferOptions.MAX_LATENCY;
import static dev.flinfer.tasks.FlinferOptions.MAX_TEXT_CHARS;
import static dev.flinfer.tasks.FlinferOptions.MODEL;
import static dev.flinfer.tasks.FlinferOptions.OUTPUT_FIELD;
import static dev.flinfer.tasks.FlinferOptions.POLICY;
import static dev.flinfer.tasks.FlinferOptions.REDUCED_DECODING;
import static dev.flinfer.tasks.FlinferOptions.SHARED_ENGINE;
import static dev.flinfer.tasks.FlinferOptions.TEXT_FIELD;
import static dev.flinfer.tasks.FlinferOptions.TOP_K;

import dev.flinfer.jobs.io.Endpoint;
import dev.flinfer.session.Device;
import dev.flinfer.tasks.TaskDescriptor;
import dev.flinfer.tasks.Tasks;
import dev.flinfer.tasks.generation.Text2TextTask;
import dev.flinfer.tasks.generation.TextGenerationTask;
import dev.flinfer.tasks.imageclassification.ImageClassificationSettings.InputFormat;
import dev.flinfer.tasks.imageclassification.ImageClassificationTask;
import dev.flinfer.tasks.moderation.ModerationTask;
import dev.flinfer.tasks.textclassification.TextClassificationTask;
import dev.flinfer.tasks.textembedding.TextEmbeddingTask;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a Flinfer job, as the command line takes them. The task's options go to the
 * library as a Flink {@link Configuration} of {@code FlinferOptions} ({@link #toConfiguration()}),
 * so the command line, the builders and SQL read the same keys; defaults are those options'
 * defaults ({@code CliOptionsTest} checks that they do not drift). {@link #validate()} checks what
 * picocli cannot.
 */
public final class JobOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the job does with each record: one of the library's tasks. */
    public enum Task {
        TEXT_EMBEDDING(TextEmbeddingTask.INSTANCE),
        IMAGE_CLASSIFICATION(ImageClassificationTask.INSTANCE),
        TEXT_CLASSIFICATION(TextClassificationTask.INSTANCE),
        MODERATION(ModerationTask.INSTANCE),
        TEXT_GENERATION(TextGenerationTask.INSTANCE),
        TEXT2TEXT(Text2TextTask.INSTANCE);

        private final TaskDescriptor<?> descriptor;

        Task(TaskDescriptor<?> descriptor) {
            this.descriptor = descriptor;
        }

        public TaskDescriptor<?> descriptor() {
            return descriptor;
        }

        @Override
        public String toString() {
            return descriptor.name();
        }

        static Task parse(String value) {
            TaskDescriptor<?> descriptor = Tasks.byName(value);
            for (Task task : values()) {
                if (task.descriptor == descriptor) {
                    return task;
                }
            }
            throw new IllegalArgumentException("Task '" + value + "' has no command line");
        }
    }

    /** Kafka sink guarantee. */
    public enum Delivery {
        EXACTLY_ONCE,
        AT_LEAST_ONCE;

        static Delivery parse(String value) {
            return switch (value) {
                case "exactly-once" -> EXACTLY_ONCE;
                case "at-least-once" -> AT_LEAST_ONCE;
                default ->
                        throw new IllegalArgumentException(
                                "Unknown delivery '"
                                        + value
                                        + "': expected exactly-once or at-least-once");
            };
        }
    }

    /** How images arrive (image-classification). */
    public enum InputFormatOption {
        RAW,
        JSON
    }

    @Option(
            names = "--task",
            paramLabel = "TASK",
            description =
                    "text-embedding (default), image-classification, text-classification,"
                            + " moderation, text-generation or text2text.",
            converter = TaskConverter.class)
    public Task task = Task.TEXT_EMBEDDING;

    @Option(
            names = "--model",
            paramLabel = "NAME|DIR",
            description =
                    "Bundled model name (all-minilm-l6-v2, all-minilm-l6-v2-int8, bge-small-en-v1.5,"
                            + " e5-small-v2, text-orientation, nsfw-mobilenet-v2,"
                            + " moderation-minilm-zeroshot-prototypes, gpt2-tiny-seeded, llama-tiny-seeded,"
                            + " t5-tiny-seeded) or a bundle directory."
                            + " Default per task: all-minilm-l6-v2 (text-embedding), text-orientation"
                            + " (image-classification), moderation-minilm-zeroshot-prototypes"
                            + " (text-classification, moderation), gpt2-tiny-seeded"
                            + " (text-generation), t5-tiny-seeded (text2text).")
    public String model;

    @Option(
            names = "--input",
            paramLabel = "URI",
            description = "kafka://HOST:PORT/TOPIC or file:PATH (JSON Lines).")
    public String input;

    @Option(
            names = "--output",
            paramLabel = "URI",
            description = "kafka://HOST:PORT/TOPIC or file:PATH.")
    public String output;

    @Option(
            names = "--dead-letter",
            paramLabel = "URI",
            description =
                    "Where bad records go, with the reason and original bytes. Default: the output topic"
                            + " + '.dead-letters' (Kafka) or the output file + '.dead-letters.jsonl'.")
    public String deadLetter;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "Max records per inference batch (default ${DEFAULT-VALUE}).")
    public int batchSize = MAX_BATCH_SIZE.defaultValue();

    @Option(
            names = "--max-latency",
            paramLabel = "MS",
            description =
                    "A batch closes when its oldest record has waited this long (default ${DEFAULT-VALUE}).")
    public long maxLatencyMs = MAX_LATENCY.defaultValue().toMillis();

    @Option(
            names = "--device",
            paramLabel = "auto|cpu|cuda:N|tensorrt:N",
            description =
                    "Where the model runs (default ${DEFAULT-VALUE}). tensorrt:N needs TensorRT 10"
                            + " libraries on the TaskManagers: the Flinfer Docker image"
                            + " (docker/Dockerfile) has none, so tensorrt:N fails at start there; use"
                            + " cuda:N.")
    public String device = DEVICE.defaultValue();

    @Option(
            names = "--threads",
            paramLabel = "N",
            description =
                    "ONNX Runtime intra-op threads per inference worker (default: cores /"
                            + " (parallelism x inference workers)).")
    public Integer threads;

    @Option(
            names = "--inference-workers",
            paramLabel = "N",
            description =
                    "Batches run at once per slot on its one session, each with --threads"
                            + " intra-op threads (default ${DEFAULT-VALUE}).")
    public int inferenceWorkers = INFERENCE_WORKERS.defaultValue();

    @Option(
            names = "--shared-engine",
            description =
                    "The slots of a TaskManager share one engine: one session, one set of"
                            + " inference workers, one batch queue (default: one per slot).")
    public boolean sharedEngine;

    @Option(
            names = "--prepare-threads",
            paramLabel = "N",
            description =
                    "Threads per engine that parse, tokenize or decode while the model runs"
                            + " (default 1 for text, 2 for images; with --shared-engine, one per"
                            + " core of the TaskManager).")
    public Integer prepareThreads;

    @Option(
            names = "--length-buckets",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Batch records of similar length together, so short texts are not padded to"
                            + " long ones (default on; --no-length-buckets batches in arrival order).")
    public boolean lengthBuckets = true;

    @Option(
            names = "--per-record",
            description =
                    "Run the model once per record (the plain RichMapFunction variant, no"
                            + " batching): the naive baseline the benchmark compares against.")
    public boolean perRecord;

    @Option(
            names = "--capacity",
            paramLabel = "N",
            description = "Records in flight per slot (default 4 x batch size).")
    public Integer capacity;

    @Option(names = "--parallelism", paramLabel = "N", description = "Job parallelism (default 1).")
    public int parallelism = 1;

    @Option(
            names = "--text-field",
            paramLabel = "NAME",
            description =
                    "JSON field holding the text (default ${DEFAULT-VALUE}; '/a/b' is a JSON"
                            + " Pointer).")
    public String textField = TEXT_FIELD.defaultValue();

    @Option(
            names = "--output-field",
            paramLabel = "NAME",
            description =
                    "JSON field the result is added under (default embedding / classification /"
                            + " moderation).")
    public String outputField;

    @Option(
            names = "--input-format",
            paramLabel = "raw|json",
            description =
                    "Images: raw bytes as the record value (key = id), or JSON with base64 bytes in"
                            + " --image-field (default raw).",
            converter = InputFormatConverter.class)
    public InputFormatOption inputFormat = InputFormatOption.RAW;

    @Option(
            names = "--image-field",
            paramLabel = "NAME",
            description = "JSON field with the base64 image (default ${DEFAULT-VALUE}).")
    public String imageField = IMAGE_FIELD.defaultValue();

    @Option(
            names = "--top-k",
            paramLabel = "K",
            description =
                    "Labels per record, best first; 0 = all (default 5 for images, all for"
                            + " text).")
    public Integer topK;

    @Option(
            names = "--max-image-bytes",
            paramLabel = "N",
            description = "Larger encoded images are dead-lettered (default ${DEFAULT-VALUE}).")
    public int maxImageBytes = MAX_IMAGE_BYTES.defaultValue();

    @Option(
            names = "--max-image-pixels",
            paramLabel = "N",
            description =
                    "Images with more pixels (width x height, read from the header before decoding) are"
                            + " dead-lettered (default ${DEFAULT-VALUE}).")
    public long maxImagePixels = MAX_IMAGE_PIXELS.defaultValue();

    @Option(
            names = "--full-size-decoding",
            description =
                    "Decode every image at full size, as Hugging Face's processors do, instead of"
                            + " baseline and progressive JPEGs at 1/2, 1/4 or 1/8 of their size where the resize"
                            + " allows.")
    public boolean fullSizeDecoding;

    @Option(
            names = "--max-text-chars",
            paramLabel = "N",
            description = "Longer texts are dead-lettered (default ${DEFAULT-VALUE}).")
    public int maxTextChars = MAX_TEXT_CHARS.defaultValue();

    @Option(
            names = "--delivery",
            paramLabel = "exactly-once|at-least-once",
            description = "Kafka delivery guarantee (default exactly-once).",
            converter = DeliveryConverter.class)
    public Delivery delivery = Delivery.EXACTLY_ONCE;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "MS",
            description =
                    "Checkpoint interval for Kafka jobs; exactly-once output becomes visible at each"
                            + " checkpoint (default 5000).")
    public long checkpointIntervalMs = 5000;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "PATH",
            description = "Directory for retained checkpoints (kept on cancel, for restarts).")
    public String checkpointDir;

    @Option(
            names = "--max-dead-letter-bytes",
            paramLabel = "N",
            description =
                    "Kafka dead letters larger than this keep a prefix of the original value and its"
                            + " SHA-256 instead of all of it (default 1000000, Kafka's default message"
                            + " size; raise it with the topic's max.message.bytes).")
    public int maxDeadLetterBytes = 1_000_000;

    @Option(
            names = "--restore",
            paramLabel = "latest|PATH",
            description =
                    "Start from a retained checkpoint or savepoint: 'latest' (the newest complete"
                            + " checkpoint under --checkpoint-dir) or a path.")
    public String restore;

    @Option(
            names = "--group-id",
            paramLabel = "ID",
            description = "Kafka consumer group (default flinfer-TASK-INPUTTOPIC).")
    public String groupId;

    @Option(names = "--job-name", paramLabel = "NAME", description = "Flink job name.")
    public String jobName;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description =
                    "Moderation: policy file (JSON or YAML), per-label block/review thresholds;"
                            + " checked at start.")
    public String policy;

    @Option(
            names = "--image-model",
            paramLabel = "NAME|DIR",
            description = "Moderation: image classifier (default nsfw-mobilenet-v2).")
    public String imageModel;

    @Option(
            names = "--approved",
            paramLabel = "URI",
            description = "Moderation: where approved posts go.")
    public String approved;

    @Mixin public GenerationOptions generation = new GenerationOptions();

    @Mixin public LifecycleOptions lifecycle = new LifecycleOptions();

    @Option(names = "--review", paramLabel = "URI", description = "Moderation: posts to review.")
    public String review;

    @Option(names = "--blocked", paramLabel = "URI", description = "Moderation: blocked posts.")
    public String blocked;

    /**
     * Checks the options together; throws {@link IllegalArgumentException} naming the bad value.
     */
    public void validate() {
        if (input == null) {
            throw new IllegalArgumentException(
                    "Missing --input (kafka://HOST:PORT/TOPIC or file:PATH)");
        }
        if (task == Task.MODERATION) {
            ModerationOptions.validate(this);
        } else if (output == null) {
            throw new IllegalArgumentException(
                    "Missing --output (kafka://HOST:PORT/TOPIC or file:PATH)");
        }
        inputEndpoint();
        outputEndpoint();
        deadLetterEndpoint();
        Device.parse(device);
        positive("--batch-size", batchSize);
        positive("--parallelism", parallelism);
        positive("--inference-workers", inferenceWorkers);
        if (prepareThreads != null) {
            positive("--prepare-threads", prepareThreads);
        }
        if (topK != null && topK < 0) {
            throw new IllegalArgumentException("--top-k must be >= 0, got " + topK);
        }
        positive("--max-image-bytes", maxImageBytes);
        if (maxDeadLetterBytes < 4096) {
            throw new IllegalArgumentException(
                    "--max-dead-letter-bytes must be >= 4096, got " + maxDeadLetterBytes);
        }
        positive("--max-image-pixels", maxImagePixels);
        positive("--max-text-chars", maxTextChars);
        if (maxLatencyMs < 0) {
            throw new IllegalArgumentException("--max-latency must be >= 0, got " + maxLatencyMs);
        }
        if (threads != null && threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        }
        if (capacity != null && capacity < batchSize) {
            throw new IllegalArgumentException(
                    "--capacity (" + capacity + ") must be >= --batch-size (" + batchSize + ")");
        }
        if (checkpointIntervalMs < 10) {
            throw new IllegalArgumentException(
                    "--checkpoint-interval must be >= 10 ms, got " + checkpointIntervalMs);
        }
        if ("latest".equals(restore) && checkpointDir == null) {
            throw new IllegalArgumentException("--restore latest needs --checkpoint-dir");
        }
        lifecycle.validate();
        if (lifecycle.enabled() && task == Task.MODERATION) {
            throw new IllegalArgumentException(
                    "--model-control and --model-poll-interval are not built for moderation"
                            + " (it has two models)");
        }
        if (lifecycle.enabled() && perRecord) {
            throw new IllegalArgumentException(
                    "--model-control and --model-poll-interval need batching (not --per-record)");
        }
        if (!inputEndpoint().isKafka() && outputEndpoint().isKafka()) {
            throw new IllegalArgumentException(
                    "A file input with a Kafka output is not supported: a file job"
                            + " runs without checkpoints, so Kafka output could not be exactly-once");
        }
    }

    /** The model: as given, or the task's default. */
    public String model() {
        return model != null ? model : task.descriptor().defaultModel();
    }

    /**
     * The task's options as the library reads them: every {@code FlinferOptions} value this command
     * line sets, with the computed defaults (model, intra-op threads) filled in.
     */
    public Configuration toConfiguration() {
        Configuration conf = new Configuration();
        conf.set(MODEL, model());
        conf.set(DEVICE, device);
        conf.set(INTRA_OP_THREADS, intraOpThreads());
        conf.set(MAX_BATCH_SIZE, batchSize);
        conf.set(MAX_LATENCY, Duration.ofMillis(maxLatencyMs));
        conf.set(LENGTH_BUCKETS, lengthBuckets);
        conf.set(INFERENCE_WORKERS, inferenceWorkers);
        conf.set(SHARED_ENGINE, sharedEngine);
        conf.set(TEXT_FIELD, textField);
        conf.set(IMAGE_FIELD, imageField);
        conf.set(
                INPUT_FORMAT,
                inputFormat == InputFormatOption.JSON ? InputFormat.JSON : InputFormat.RAW);
        conf.set(MAX_TEXT_CHARS, maxTextChars);
        conf.set(MAX_IMAGE_BYTES, maxImageBytes);
        conf.set(MAX_IMAGE_PIXELS, maxImagePixels);
        conf.set(REDUCED_DECODING, !fullSizeDecoding);
        if (prepareThreads != null) {
            conf.set(task.descriptor().prepareThreads(), prepareThreads);
        }
        if (capacity != null) {
            conf.set(CAPACITY, capacity);
        }
        if (outputField != null) {
            conf.set(OUTPUT_FIELD, outputField);
        }
        if (topK != null) {
            conf.set(TOP_K, topK);
        }
        if (policy != null) {
            conf.set(POLICY, policy);
        }
        if (imageModel != null) {
            conf.set(IMAGE_MODEL, imageModel);
        }
        generation.configure(conf);
        return conf;
    }

    public Endpoint inputEndpoint() {
        return Endpoint.parse(input);
    }

    /** The output; for moderation, the approved posts' endpoint. */
    public Endpoint outputEndpoint() {
        return Endpoint.parse(task == Task.MODERATION && output == null ? approved : output);
    }

    public Endpoint deadLetterEndpoint() {
        if (deadLetter != null) {
            return Endpoint.parse(deadLetter);
        }
        Endpoint out = outputEndpoint();
        return out.isKafka()
                ? Endpoint.parse("kafka://" + out.servers() + "/" + out.topic() + ".dead-letters")
                : Endpoint.parse(
                        "file:" + out.path().replaceFirst("\\.jsonl$", "") + ".dead-letters.jsonl");
    }

    /**
     * Intra-op threads per inference worker: as given, or the cores shared among all the workers of
     * all the sessions (one per slot, or one with {@code --shared-engine}).
     */
    public int intraOpThreads() {
        if (threads != null) {
            return threads;
        }
        int runs = perRecord ? 1 : inferenceWorkers;
        int sessions = sharedEngine && !perRecord ? 1 : parallelism;
        return Math.max(1, Runtime.getRuntime().availableProcessors() / (sessions * runs));
    }

    public String jobName() {
        return jobName != null
                ? jobName
                : "flinfer-" + task + "-" + inputEndpoint().name().replaceAll(".*/", "");
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    static final class TaskConverter implements picocli.CommandLine.ITypeConverter<Task> {
        @Override
        public Task convert(String value) {
            return Task.parse(value);
        }
    }

    static final class InputFormatConverter
            implements picocli.CommandLine.ITypeConverter<InputFormatOption> {
        @Override
        public InputFormatOption convert(String value) {
            return switch (value) {
                case "raw" -> InputFormatOption.RAW;
                case "json" -> InputFormatOption.JSON;
                default ->
                        throw new IllegalArgumentException(
                                "Unknown input format '" + value + "': expected raw or json");
            };
        }
    }

    static final class DeliveryConverter implements picocli.CommandLine.ITypeConverter<Delivery> {
        @Override
        public Delivery convert(String value) {
            return Delivery.parse(value);
        }
    }
}
