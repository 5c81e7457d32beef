package dev.flinfer.flink;

import dev.flinfer.embedding.TextEmbeddingSettings;
import dev.flinfer.embedding.TextEmbeddingTask;
import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Text embeddings for a stream of JSON events: the entry point of the library for text.
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

    private final TextEmbeddingSettings settings;
    private final BatchedInference batching;

    private TextEmbeddings(TextEmbeddingSettings settings, BatchedInference batching) {
        this.settings = settings;
        this.batching = batching;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Embeds every record of {@code records}, in micro-batches; one outcome per record, in input
     * order.
     */
    public SingleOutputStreamOperator<Outcome> apply(DataStream<SourceRecord> records) {
        return batching.apply(records, factory());
    }

    /** The per-record variant: no batching, inference on the task thread. */
    public RichMapFunction<SourceRecord, Outcome> mapFunction() {
        return new InferenceMapFunction(factory());
    }

    /** The task factory, for callers that drive an engine themselves (benchmarks, SQL). */
    public TaskFactory factory() {
        return new Factory(settings, "embed-" + BatchedInference.shortName(settings.model()));
    }

    public TextEmbeddingSettings settings() {
        return settings;
    }

    public BatchPolicy policy() {
        return batching.policy();
    }

    public int capacity() {
        return batching.capacity();
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
    public static final class Builder extends InferenceBuilder<Builder> {
        private String textField = TextEmbeddingSettings.DEFAULT_TEXT_FIELD;
        private String outputField = TextEmbeddingSettings.DEFAULT_OUTPUT_FIELD;
        private int maxTextChars = TextEmbeddingSettings.DEFAULT_MAX_TEXT_CHARS;
        private int maxRecordBytes = TextEmbeddingSettings.DEFAULT_MAX_RECORD_BYTES;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Takes every {@link FlinferOptions} key that {@code config} sets. */
        @Override
        public Builder configure(ReadableConfig config) {
            super.configure(config);
            config.getOptional(FlinferOptions.TEXT_FIELD).ifPresent(this::setTextField);
            config.getOptional(FlinferOptions.OUTPUT_FIELD).ifPresent(this::setOutputField);
            config.getOptional(FlinferOptions.MAX_TEXT_CHARS).ifPresent(this::setMaxTextChars);
            config.getOptional(FlinferOptions.MAX_RECORD_BYTES).ifPresent(this::setMaxRecordBytes);
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
            BatchedInference batching = validateCommon();
            TextEmbeddingSettings settings =
                    new TextEmbeddingSettings(
                            model,
                            sessionSettings(),
                            textField,
                            outputField,
                            maxTextChars,
                            maxRecordBytes);
            return new TextEmbeddings(settings, batching);
        }
    }
}
