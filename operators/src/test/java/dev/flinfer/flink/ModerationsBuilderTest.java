package dev.flinfer.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.moderation.ModerationPolicy;
import dev.flinfer.tasks.moderation.ModerationSettings;
import dev.flinfer.tasks.moderation.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per validation rule of the moderation builder beyond the shared ones. */
class ModerationsBuilderTest {
    @TempDir Path dir;

    private Path policy(String content) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, content);
        return file;
    }

    private static void assertRejected(Runnable setter, String message) {
        assertThatThrownBy(setter::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void buildingWithoutAPolicyFails() {
        assertThatThrownBy(() -> Moderations.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No policy set");
    }

    @Test
    void aNullPolicyIsRejected() {
        assertRejected(
                () -> Moderations.builder().setPolicy((ModerationPolicy) null), "must not be null");
    }

    @Test
    void aBadPolicyFileFailsInTheSetterNamingTheFile() throws Exception {
        Path file = policy("text:\n  threat: {block: 1.5}\n");

        assertThatThrownBy(() -> Moderations.builder().setPolicy(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aBlankImageModelOrFieldIsRejected() {
        assertRejected(
                () -> Moderations.builder().setImageModel(""), "imageModel must not be blank");
        assertRejected(
                () -> Moderations.builder().setImageField(" "), "imageField must not be blank");
        assertRejected(() -> Moderations.builder().setTextField(""), "textField must not be blank");
    }

    @Test
    void maxTextCharsBelowOneAreRejected() {
        assertRejected(() -> Moderations.builder().setMaxTextChars(0), "maxTextChars must be >= 1");
    }

    @Test
    void theDefaultsAreTheNamedConstants() throws Exception {
        Moderations stage =
                Moderations.builder().setPolicy(policy("text:\n  spam: {review: 0.5}\n")).build();
        ModerationSettings settings = stage.settings();

        assertThat(settings.textModel()).isEqualTo(ModerationSettings.DEFAULT_TEXT_MODEL);
        assertThat(settings.imageModel()).isEqualTo(ModerationSettings.DEFAULT_IMAGE_MODEL);
        assertThat(settings.outputField()).isEqualTo(ModerationSettings.DEFAULT_OUTPUT_FIELD);
        assertThat(settings.textField()).isEqualTo("text");
        assertThat(settings.imageField()).isEqualTo("image");
        assertThat(stage.factory().name())
                .isEqualTo("moderate-moderation-minilm-zeroshot-prototypes");
    }

    @Test
    void configureTakesThePolicyFileAndTheImageModel() throws Exception {
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.POLICY, policy("text:\n  threat: {block: 0.6}\n").toString());
        conf.set(FlinferOptions.IMAGE_MODEL, "/models/nsfw");

        ModerationSettings settings = Moderations.builder().configure(conf).build().settings();

        assertThat(settings.policy().rules(ModerationPolicy.TEXT)).containsKey("threat");
        assertThat(settings.imageModel()).isEqualTo("/models/nsfw");
    }
}
