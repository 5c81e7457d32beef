package dev.flinfer.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.image.ImageLimits;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.imageclassification.ImageClassificationSettings;
import dev.flinfer.tasks.imageclassification.ImageClassificationSettings.InputFormat;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** One test per validation rule of the image-classification builder beyond the shared ones. */
class ImageClassificationsBuilderTest {

    private static ImageClassifications.Builder builder() {
        return ImageClassifications.builder().setModel("text-orientation");
    }

    private static void assertRejected(Runnable setter, String message) {
        assertThatThrownBy(setter::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aNullInputFormatIsRejected() {
        assertRejected(() -> builder().setInputFormat(null), "got null");
    }

    @Test
    void aBlankImageFieldIsRejected() {
        assertRejected(() -> builder().setImageField("\t"), "imageField must not be blank");
    }

    @Test
    void aNegativeTopKIsRejected() {
        assertRejected(() -> builder().setTopK(-2), "topK must be >= 0, got -2");
    }

    @Test
    void nullLimitsAreRejected() {
        assertRejected(() -> builder().setLimits(null), "limits must not be null");
    }

    @Test
    void fewerThanOnePrepareThreadIsRejected() {
        assertRejected(() -> builder().setPrepareThreads(0), "prepareThreads must be >= 1");
    }

    @Test
    void configureRejectsImageLimitsBelowOne() {
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MAX_IMAGE_PIXELS, 0L);

        assertRejected(() -> builder().configure(conf), "maxImagePixels must be >= 1, got 0");
    }

    @Test
    void theDefaultsAreTheNamedConstants() {
        ImageClassifications stage = builder().build();
        ImageClassificationSettings settings = stage.settings();

        assertThat(settings.inputFormat()).isEqualTo(InputFormat.RAW);
        assertThat(settings.imageField())
                .isEqualTo(ImageClassificationSettings.DEFAULT_IMAGE_FIELD);
        assertThat(settings.topK())
                .isEqualTo(ImageClassificationSettings.DEFAULT_TOP_K)
                .isEqualTo(5);
        assertThat(settings.limits()).isEqualTo(ImageLimits.DEFAULT);
        assertThat(stage.policy().prepareThreads())
                .isEqualTo(ImageClassifications.DEFAULT_PREPARE_THREADS)
                .isEqualTo(2);
    }

    @Test
    void configureTakesTheImageOptions() {
        Configuration conf = new Configuration();
        conf.setString("flinfer.image.input-format", "JSON");
        conf.setString("flinfer.image.field", "/media/png");
        conf.setString("flinfer.image.max-bytes", "1024");
        conf.setString("flinfer.image.max-pixels", "4096");
        conf.setString("flinfer.batch.prepare-threads", "3");
        conf.setString("flinfer.image.reduced-decoding", "false");

        ImageClassifications stage = builder().configure(conf).build();

        assertThat(stage.settings().inputFormat()).isEqualTo(InputFormat.JSON);
        assertThat(stage.settings().imageField()).isEqualTo("/media/png");
        assertThat(stage.settings().limits()).isEqualTo(new ImageLimits(1024, 4096));
        assertThat(stage.policy().prepareThreads()).isEqualTo(3);
        assertThat(stage.settings().reducedDecoding()).isFalse();
        assertThat(stage.factory().name()).isEqualTo("classify-text-orientation");
    }
}
