package dev.flinfer.flink;

import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.textembedding.TextEmbeddingSettings;
import dev.flinfer.tasks.textembedding.TextEmbeddingTask;
import org.apache.flink.annotation.PublicEvolving;

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
public final class TextEmbeddings extends InferenceStage<TextEmbeddingSettings> {
    private static final long serialVersionUID = 1L;

    private TextEmbeddings(TextEmbeddingSettings settings, BatchedInference batching) {
        super(TextEmbeddingTask.INSTANCE, settings, batching);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link TextEmbeddings}; each setter checks its value, {@link #build()} checks them
     * together.
     */
    @PublicEvolving
    public static final class Builder extends TextBuilder<Builder, TextEmbeddingSettings> {
        private Builder() {
            super(TextEmbeddingTask.INSTANCE);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Puts {@code prefix} before every text instead of the bundle's own {@code
         * flinfer_text_prefix}: e5 wants {@code "query: "} for queries and {@code "passage: "} (its
         * bundle's default) for documents; {@code ""} for none.
         */
        public Builder setTextPrefix(String prefix) {
            return set(FlinferOptions.TEXT_PREFIX, prefix);
        }

        public TextEmbeddings build() {
            return built(new TextEmbeddings(settings(), batching()));
        }
    }
}
