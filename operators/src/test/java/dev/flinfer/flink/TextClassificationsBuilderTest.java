package dev.flinfer.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.textclassification.TextClassificationSettings;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** One test per validation rule of the text-classification builder beyond the shared ones. */
class TextClassificationsBuilderTest {

    private static TextClassifications.Builder builder() {
        return TextClassifications.builder().setModel("moderation-minilm-zeroshot-prototypes");
    }

    private static void assertRejected(Runnable setter, String badValue) {
        assertThatThrownBy(setter::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(badValue);
    }

    @Test
    void aNegativeTopKIsRejected() {
        assertRejected(() -> builder().setTopK(-1), "topK must be >= 0, got -1");
    }

    @Test
    void aBlankTextFieldIsRejected() {
        assertRejected(() -> builder().setTextField(" "), "textField must not be blank");
    }

    @Test
    void aBlankOutputFieldIsRejected() {
        assertRejected(() -> builder().setOutputField(""), "outputField must not be blank");
    }

    @Test
    void maxTextCharsBelowOneAreRejected() {
        assertRejected(() -> builder().setMaxTextChars(0), "maxTextChars must be >= 1, got 0");
    }

    @Test
    void maxRecordBytesBelowOneAreRejected() {
        assertRejected(() -> builder().setMaxRecordBytes(0), "maxRecordBytes must be >= 1");
    }

    @Test
    void buildingWithoutAModelFails() {
        assertThatThrownBy(() -> TextClassifications.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No model set");
    }

    @Test
    void theDefaultsAreTheNamedConstants() {
        TextClassificationSettings settings = builder().build().settings();

        assertThat(settings.topK()).isEqualTo(TextClassificationSettings.DEFAULT_TOP_K).isZero();
        assertThat(settings.textField()).isEqualTo(TextClassificationSettings.DEFAULT_TEXT_FIELD);
        assertThat(settings.outputField())
                .isEqualTo(TextClassificationSettings.DEFAULT_OUTPUT_FIELD)
                .isEqualTo("classification");
        assertThat(settings.maxTextChars())
                .isEqualTo(TextClassificationSettings.DEFAULT_MAX_TEXT_CHARS);
    }

    @Test
    void configureTakesTheTaskOptionsByTheirKeys() {
        Configuration conf = new Configuration();
        conf.setString("flinfer.classification.top-k", "2");
        conf.setString("flinfer.output.field", "labels");
        conf.set(FlinferOptions.TEXT_FIELD, "/post/body");

        TextClassifications stage = builder().configure(conf).build();

        assertThat(stage.settings().topK()).isEqualTo(2);
        assertThat(stage.settings().outputField()).isEqualTo("labels");
        assertThat(stage.settings().textField()).isEqualTo("/post/body");
        assertThat(stage.factory().name())
                .isEqualTo("classify-moderation-minilm-zeroshot-prototypes");
    }

    @Test
    void configureRejectsABadTopKWithTheSetterMessage() {
        Configuration conf = new Configuration();
        conf.setString("flinfer.classification.top-k", "-4");

        assertRejected(() -> builder().configure(conf), "topK must be >= 0, got -4");
    }
}
