package dev.flinfer.flink;

import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.textclassification.TextClassificationSettings;
import dev.flinfer.textclassification.TextClassificationTask;
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
public final class TextClassifications extends InferenceStage {
    private static final long serialVersionUID = 1L;

    private final TextClassificationSettings settings;

    private TextClassifications(TextClassificationSettings settings, BatchedInference batching) {
        super(batching);
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TaskFactory factory() {
        return new Factory(settings, "classify-" + BatchedInference.shortName(settings.model()));
    }

    public TextClassificationSettings settings() {
        return settings;
    }

    private record Factory(TextClassificationSettings settings, String name)
            implements TaskFactory {
        @Override
        public BatchTask<SourceRecord, ?, ?, Outcome> open() {
            return TextClassificationTask.open(settings);
        }
    }

    /** Builds {@link TextClassifications}; setters check values, {@link #build()} together. */
    @PublicEvolving
    public static final class Builder extends InferenceBuilder<Builder> {
        private String textField = TextClassificationSettings.DEFAULT_TEXT_FIELD;
        private String outputField = TextClassificationSettings.DEFAULT_OUTPUT_FIELD;
        private int topK = TextClassificationSettings.DEFAULT_TOP_K;
        private int maxTextChars = TextClassificationSettings.DEFAULT_MAX_TEXT_CHARS;
        private int maxRecordBytes = TextClassificationSettings.DEFAULT_MAX_RECORD_BYTES;

        private Builder() {}

        @Override
        protected Builder self() {
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

        /** Labels per text, best first; 0 keeps all. */
        public Builder setTopK(int k) {
            this.topK = atLeast("topK", k, 0);
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

        public TextClassifications build() {
            BatchedInference batching = validateCommon();
            return new TextClassifications(
                    new TextClassificationSettings(
                            model,
                            sessionSettings(),
                            textField,
                            outputField,
                            topK,
                            maxTextChars,
                            maxRecordBytes),
                    batching);
        }
    }
}
