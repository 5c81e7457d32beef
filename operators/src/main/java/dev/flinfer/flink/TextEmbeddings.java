package dev.flinfer.flink;

import dev.flinfer.embedding.TextEmbeddingSettings;
import dev.flinfer.embedding.TextEmbeddingTask;
import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.flink.internal.BatchingAsyncFunction;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.session.Device;
import dev.flinfer.session.SessionSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Text embeddings for a stream of JSON events: the entry point of the library.
 *
 * <pre>{@code
 * TextEmbeddings embeddings = TextEmbeddings.builder()
 *         .setModel("all-minilm-l6-v2")       // or a bundle directory
 *         .setMaxBatchSize(32)
 *         .setMaxLatency(Duration.ofMillis(20))
 *         .build();
 * Outcomes.Split out = Outcomes.split(embeddings.apply(records));   // records: DataStream<SourceRecord>
 * }</pre>
 *
 * <p>{@link #apply} micro-batches through a per-slot engine behind Flink's ordered async operator
 * (order kept, records in flight checkpointed); {@link #mapFunction} is the per-record variant.
 */
@PublicEvolving
public final class TextEmbeddings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default capacity is this many batches in flight per slot. */
    public static final int DEFAULT_BATCHES_IN_FLIGHT = 4;

    private final TextEmbeddingSettings settings;
    private final BatchPolicy policy;
    private final int capacity;
    private final Duration timeout;

    private TextEmbeddings(
            TextEmbeddingSettings settings, BatchPolicy policy, int capacity, Duration timeout) {
        this.settings = settings;
        this.policy = policy;
        this.capacity = capacity;
        this.timeout = timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Embeds every record of {@code records}, in micro-batches; one outcome per record, in input
     * order.
     */
    public SingleOutputStreamOperator<Outcome> apply(DataStream<SourceRecord> records) {
        return AsyncDataStream.orderedWait(
                        records,
                        new BatchingAsyncFunction(factory(), policy),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS,
                        capacity)
                .returns(TypeInformation.of(Outcome.class))
                .name("flinfer-embed-" + shortName());
    }

    /** The per-record variant: no batching, inference on the task thread. */
    public RichMapFunction<SourceRecord, Outcome> mapFunction() {
        return new InferenceMapFunction(factory());
    }

    /** The task factory, for callers that drive an engine themselves (benchmarks, SQL). */
    public TaskFactory factory() {
        return new Factory(settings, shortName());
    }

    public TextEmbeddingSettings settings() {
        return settings;
    }

    public BatchPolicy policy() {
        return policy;
    }

    public int capacity() {
        return capacity;
    }

    private String shortName() {
        String model = settings.model();
        int slash = Math.max(model.lastIndexOf('/'), model.lastIndexOf('\\'));
        return slash >= 0 && slash < model.length() - 1 ? model.substring(slash + 1) : model;
    }

    private record Factory(TextEmbeddingSettings settings, String name) implements TaskFactory {
        @Override
        public BatchTask<SourceRecord, ?, ?, Outcome> open() {
            return TextEmbeddingTask.open(settings);
        }
    }

    /**
     * Builds {@link TextEmbeddings}; each setter checks its value, {@link #build()} checks them
     * together.
     */
    @PublicEvolving
    public static final class Builder {
        private String model;
        private Device device = Device.parse(FlinferOptions.DEVICE.defaultValue());
        private int intraOpThreads = FlinferOptions.INTRA_OP_THREADS.defaultValue();
        private int maxBatchSize = BatchPolicy.DEFAULT_MAX_BATCH_SIZE;
        private Duration maxLatency = BatchPolicy.DEFAULT_MAX_LATENCY;
        private int prepareThreads = BatchPolicy.DEFAULT_PREPARE_THREADS;
        private Integer capacity;
        private Duration timeout = FlinferOptions.TIMEOUT.defaultValue();
        private String textField = TextEmbeddingSettings.DEFAULT_TEXT_FIELD;
        private String outputField = TextEmbeddingSettings.DEFAULT_OUTPUT_FIELD;
        private int maxTextChars = TextEmbeddingSettings.DEFAULT_MAX_TEXT_CHARS;
        private int maxRecordBytes = TextEmbeddingSettings.DEFAULT_MAX_RECORD_BYTES;

        private Builder() {}

        /** Takes every {@link FlinferOptions} key that {@code config} sets. */
        public Builder configure(ReadableConfig config) {
            config.getOptional(FlinferOptions.MODEL).ifPresent(this::setModel);
            config.getOptional(FlinferOptions.DEVICE).ifPresent(this::setDevice);
            config.getOptional(FlinferOptions.INTRA_OP_THREADS).ifPresent(this::setIntraOpThreads);
            config.getOptional(FlinferOptions.MAX_BATCH_SIZE).ifPresent(this::setMaxBatchSize);
            config.getOptional(FlinferOptions.MAX_LATENCY).ifPresent(this::setMaxLatency);
            config.getOptional(FlinferOptions.PREPARE_THREADS).ifPresent(this::setPrepareThreads);
            config.getOptional(FlinferOptions.CAPACITY).ifPresent(this::setCapacity);
            config.getOptional(FlinferOptions.TIMEOUT).ifPresent(this::setTimeout);
            config.getOptional(FlinferOptions.TEXT_FIELD).ifPresent(this::setTextField);
            config.getOptional(FlinferOptions.OUTPUT_FIELD).ifPresent(this::setOutputField);
            config.getOptional(FlinferOptions.MAX_TEXT_CHARS).ifPresent(this::setMaxTextChars);
            config.getOptional(FlinferOptions.MAX_RECORD_BYTES).ifPresent(this::setMaxRecordBytes);
            return this;
        }

        /** A bundled model name or a bundle directory (required). */
        public Builder setModel(String model) {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException(
                        "model must be a model name or a directory, got '" + model + "'");
            }
            this.model = model;
            return this;
        }

        /** {@code auto}, {@code cpu} or {@code cuda:N}. */
        public Builder setDevice(String device) {
            this.device = Device.parse(device);
            return this;
        }

        public Builder setIntraOpThreads(int threads) {
            this.intraOpThreads = atLeast("intraOpThreads", threads, 0);
            return this;
        }

        public Builder setMaxBatchSize(int size) {
            this.maxBatchSize = atLeast("maxBatchSize", size, 1);
            return this;
        }

        public Builder setMaxLatency(Duration latency) {
            if (latency == null || latency.isNegative()) {
                throw new IllegalArgumentException("maxLatency must be >= 0, got " + latency);
            }
            this.maxLatency = latency;
            return this;
        }

        public Builder setPrepareThreads(int threads) {
            this.prepareThreads = atLeast("prepareThreads", threads, 1);
            return this;
        }

        /** Records in flight per slot; must be at least the max batch size. */
        public Builder setCapacity(int capacity) {
            this.capacity = atLeast("capacity", capacity, 1);
            return this;
        }

        public Builder setTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder setTextField(String field) {
            this.textField = nonBlank("textField", field);
            return this;
        }

        public Builder setOutputField(String field) {
            this.outputField = nonBlank("outputField", field);
            return this;
        }

        public Builder setMaxTextChars(int chars) {
            this.maxTextChars = atLeast("maxTextChars", chars, 1);
            return this;
        }

        public Builder setMaxRecordBytes(int bytes) {
            this.maxRecordBytes = atLeast("maxRecordBytes", bytes, 1);
            return this;
        }

        public TextEmbeddings build() {
            if (model == null) {
                throw new IllegalStateException("No model set: call setModel(name or directory)");
            }
            int inFlight = capacity != null ? capacity : DEFAULT_BATCHES_IN_FLIGHT * maxBatchSize;
            if (inFlight < maxBatchSize) {
                throw new IllegalStateException(
                        "capacity ("
                                + inFlight
                                + ") is smaller than maxBatchSize ("
                                + maxBatchSize
                                + "): batches could never fill");
            }
            TextEmbeddingSettings settings =
                    new TextEmbeddingSettings(
                            model,
                            new SessionSettings(device, intraOpThreads),
                            textField,
                            outputField,
                            maxTextChars,
                            maxRecordBytes);
            return new TextEmbeddings(
                    settings,
                    new BatchPolicy(maxBatchSize, maxLatency, prepareThreads),
                    inFlight,
                    timeout);
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
            }
            return value;
        }

        private static String nonBlank(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(
                        name + " must not be blank, got '" + value + "'");
            }
            return value;
        }
    }
}
