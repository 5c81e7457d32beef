package dev.flinfer.jobs;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.jobs.io.Endpoint;
import dev.flinfer.session.Device;
import java.io.Serializable;
import picocli.CommandLine.Option;

/**
 * The options of a Flinfer job, as the command line takes them. Defaults are named constants in the
 * library's builders; {@link #validate()} checks what picocli cannot.
 */
public final class JobOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the job does with each record. */
    public enum Task {
        TEXT_EMBEDDING("text-embedding", "all-minilm-l6-v2"),
        IMAGE_CLASSIFICATION("image-classification", "text-orientation"),
        TEXT_CLASSIFICATION("text-classification", "moderation-minilm-zeroshot-prototypes"),
        MODERATION("moderation", "moderation-minilm-zeroshot-prototypes");

        private final String cliName;
        private final String defaultModel;

        Task(String cliName, String defaultModel) {
            this.cliName = cliName;
            this.defaultModel = defaultModel;
        }

        @Override
        public String toString() {
            return cliName;
        }

        static Task parse(String value) {
            for (Task task : values()) {
                if (task.cliName.equals(value)) {
                    return task;
                }
            }
            throw new IllegalArgumentException(
                    "Unknown task '"
                            + value
                            + "': expected text-embedding, image-classification,"
                            + " text-classification or moderation");
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
                    "text-embedding (default), image-classification, text-classification or"
                            + " moderation.",
            converter = TaskConverter.class)
    public Task task = Task.TEXT_EMBEDDING;

    @Option(
            names = "--model",
            paramLabel = "NAME|DIR",
            description =
                    "Bundled model name (all-minilm-l6-v2, all-minilm-l6-v2-int8, bge-small-en-v1.5, e5-small-v2,"
                            + " text-orientation, nsfw-mobilenet-v2) or a"
                            + " bundle directory. Default: all-minilm-l6-v2 for text, text-orientation for images.")
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
            description = "Max records per inference batch (default 32).")
    public int batchSize = 32;

    @Option(
            names = "--max-latency",
            paramLabel = "MS",
            description =
                    "A batch closes when its oldest record has waited this long (default 20).")
    public long maxLatencyMs = 20;

    @Option(
            names = "--device",
            paramLabel = "auto|cpu|cuda:N|tensorrt:N",
            description = "Where the model runs (default auto).")
    public String device = "auto";

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
                            + " intra-op threads (default 2).")
    public int inferenceWorkers = BatchPolicy.DEFAULT_INFERENCE_WORKERS;

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
                    "Threads per slot that parse, tokenize or decode while the model runs"
                            + " (default 1 for text, 2 for images).")
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
            description = "JSON field holding the text (default text; '/a/b' is a JSON Pointer).")
    public String textField = "text";

    @Option(
            names = "--output-field",
            paramLabel = "NAME",
            description =
                    "JSON field the result is added under (default embedding / classification).")
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
            description = "JSON field with the base64 image (default image).")
    public String imageField = "image";

    @Option(
            names = "--top-k",
            paramLabel = "K",
            description = "Labels per image, best first; 0 = all (default 5).")
    public int topK = 5;

    @Option(
            names = "--max-image-bytes",
            paramLabel = "N",
            description = "Larger encoded images are dead-lettered (default 20 MiB).")
    public int maxImageBytes = 20 * 1024 * 1024;

    @Option(
            names = "--max-image-pixels",
            paramLabel = "N",
            description =
                    "Images with more pixels (width x height, read from the header before decoding) are"
                            + " dead-lettered (default 40000000).")
    public long maxImagePixels = 40_000_000L;

    @Option(
            names = "--max-text-chars",
            paramLabel = "N",
            description = "Longer texts are dead-lettered (default 100000).")
    public int maxTextChars = 100_000;

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
        if (topK < 0) {
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
        if (!inputEndpoint().isKafka() && outputEndpoint().isKafka()) {
            throw new IllegalArgumentException(
                    "A file input with a Kafka output is not supported: a file job"
                            + " runs without checkpoints, so Kafka output could not be exactly-once");
        }
    }

    /** The model: as given, or the task's default. */
    public String model() {
        return model != null ? model : task.defaultModel;
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
