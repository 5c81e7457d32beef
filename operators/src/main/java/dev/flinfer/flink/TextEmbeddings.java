package dev.flinfer.flink;

import dev.flinfer.embedding.TextEmbeddingSettings;
import dev.flinfer.embedding.TextEmbeddingTask;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;

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
public final class TextEmbeddings extends InferenceStage {
    private static final long serialVersionUID = 1L;

    private final TextEmbeddingSettings settings;

    private TextEmbeddings(TextEmbeddingSettings settings, BatchedInference batching) {
        super(batching);
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TaskFactory factory() {
        return new Factory(settings, "embed-" + BatchedInference.shortName(settings.model()));
    }

    public TextEmbeddingSettings settings() {
        return settings;
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
