package dev.flinfer.flink;

import dev.flinfer.tasks.textclassification.TextClassificationSettings;
import dev.flinfer.tasks.textclassification.TextClassificationTask;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Text classification for a stream of JSON events, with any Hugging Face sequence-classification
 * export (BERT, DistilBERT, RoBERTa) or a composed zero-shot classifier.
 *
 * <pre>{@code
 * TextClassifications classifier = TextClassifications.builder()
 *         .setModel("moderation-minilm-zeroshot-prototypes")   // or a bundle directory
 *         .setTopK(0)                                          // all labels
 *         .build();
 * Outcomes.Split out = Outcomes.split(classifier.apply(records));
 * }</pre>
 */
@PublicEvolving
public final class TextClassifications extends InferenceStage<TextClassificationSettings> {
    private static final long serialVersionUID = 1L;

    private TextClassifications(TextClassificationSettings settings, BatchedInference batching) {
        super(TextClassificationTask.INSTANCE, settings, batching);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link TextClassifications}; setters check values, {@link #build()} together. */
    @PublicEvolving
    public static final class Builder extends TextBuilder<Builder, TextClassificationSettings> {
        private Builder() {
            super(TextClassificationTask.INSTANCE);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Labels per text, best first; 0 keeps all. */
        public Builder setTopK(int k) {
            return set(TextClassificationTask.TOP_K, k);
        }

        public TextClassifications build() {
            return built(new TextClassifications(settings(), batching()));
        }
    }
}
