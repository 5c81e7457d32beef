package dev.flinfer.flink;

import dev.flinfer.image.ImageLimits;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.imageclassification.ImageClassificationSettings;
import dev.flinfer.tasks.imageclassification.ImageClassificationSettings.InputFormat;
import dev.flinfer.tasks.imageclassification.ImageClassificationTask;
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
public final class ImageClassifications extends InferenceStage<ImageClassificationSettings> {
    private static final long serialVersionUID = 1L;

    /** Image decoding is the expensive part of preparation: two threads by default. */
    public static final int DEFAULT_PREPARE_THREADS =
            ImageClassificationTask.PREPARE_THREADS.defaultValue();

    private ImageClassifications(ImageClassificationSettings settings, BatchedInference batching) {
        super(ImageClassificationTask.INSTANCE, settings, batching);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link ImageClassifications}; setters check values, {@link #build()} checks them
     * together.
     */
    @PublicEvolving
    public static final class Builder
            extends InferenceBuilder<Builder, ImageClassificationSettings> {
        private Builder() {
            super(ImageClassificationTask.INSTANCE);
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder setInputFormat(InputFormat format) {
            if (format == null) {
                throw new IllegalArgumentException("inputFormat must be RAW or JSON, got null");
            }
            return set(FlinferOptions.INPUT_FORMAT, format);
        }

        /** The JSON field holding the base64 image (JSON input only). */
        public Builder setImageField(String field) {
            return set(FlinferOptions.IMAGE_FIELD, field);
        }

        /** Labels per image, best first; 0 keeps all. */
        public Builder setTopK(int k) {
            return set(ImageClassificationTask.TOP_K, k);
        }

        public Builder setLimits(ImageLimits limits) {
            return limits(limits);
        }

        /**
         * Whether baseline and progressive JPEGs are decoded at 1/2, 1/4 or 1/8 of their size where
         * the resize allows (default true); false decodes every image at full size, as Hugging
         * Face's processors do.
         */
        public Builder setReducedDecoding(boolean reduced) {
            return set(FlinferOptions.REDUCED_DECODING, reduced);
        }

        public ImageClassifications build() {
            return built(new ImageClassifications(settings(), batching()));
        }
    }
}
