package dev.flinfer.flink;

import dev.flinfer.engine.BatchTask;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.vision.ImageClassificationSettings;
import dev.flinfer.vision.ImageClassificationSettings.InputFormat;
import dev.flinfer.vision.ImageClassificationTask;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Image classification for a stream of records holding images (raw bytes, or base64 in JSON).
 *
 * <pre>{@code
 * ImageClassifications classifier = ImageClassifications.builder()
 *         .setModel("/models/vit-base")          // Hugging Face layout with preprocessor_config.json
 *         .setInputFormat(InputFormat.RAW)
 *         .setTopK(3)
 *         .build();
 * Outcomes.Split out = Outcomes.split(classifier.apply(records));
 * }</pre>
 *
 * <p>Images are decoded (with size and pixel limits checked from the header) and preprocessed on
 * the engine's preparation threads, two by default, so that decoding overlaps inference.
 */
@PublicEvolving
public final class ImageClassifications extends InferenceStage {
    private static final long serialVersionUID = 1L;

    /** Image decoding is the expensive part of preparation: two threads by default. */
    public static final int DEFAULT_PREPARE_THREADS = 2;

    private final ImageClassificationSettings settings;

    private ImageClassifications(ImageClassificationSettings settings, BatchedInference batching) {
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

    public ImageClassificationSettings settings() {
        return settings;
    }

    private record Factory(ImageClassificationSettings settings, String name)
            implements TaskFactory {
        @Override
        public BatchTask<SourceRecord, ?, ?, Outcome> open() {
            return ImageClassificationTask.open(settings);
        }
    }

    /**
     * Builds {@link ImageClassifications}; setters check values, {@link #build()} checks them
     * together.
     */
    @PublicEvolving
    public static final class Builder extends InferenceBuilder<Builder> {
        private InputFormat inputFormat = InputFormat.RAW;
        private String imageField = ImageClassificationSettings.DEFAULT_IMAGE_FIELD;
        private String outputField = ImageClassificationSettings.DEFAULT_OUTPUT_FIELD;
        private int topK = ImageClassificationSettings.DEFAULT_TOP_K;
        private ImageLimits limits = ImageLimits.DEFAULT;

        private Builder() {
            prepareThreads = DEFAULT_PREPARE_THREADS;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder setInputFormat(InputFormat format) {
            if (format == null) {
                throw new IllegalArgumentException("inputFormat must be RAW or JSON, got null");
            }
            this.inputFormat = format;
            return this;
        }

        public Builder setImageField(String field) {
            this.imageField = nonBlank("imageField", field);
            return this;
        }

        public Builder setOutputField(String field) {
            this.outputField = nonBlank("outputField", field);
            return this;
        }

        /** Labels per image, best first; 0 keeps all. */
        public Builder setTopK(int k) {
            this.topK = atLeast("topK", k, 0);
            return this;
        }

        public Builder setLimits(ImageLimits limits) {
            if (limits == null) {
                throw new IllegalArgumentException("limits must not be null");
            }
            this.limits = limits;
            return this;
        }

        public ImageClassifications build() {
            BatchedInference batching = validateCommon();
            ImageClassificationSettings settings =
                    new ImageClassificationSettings(
                            model,
                            sessionSettings(),
                            inputFormat,
                            imageField,
                            outputField,
                            topK,
                            limits);
            return new ImageClassifications(settings, batching);
        }
    }
}
