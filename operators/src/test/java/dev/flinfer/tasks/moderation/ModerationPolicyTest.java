package dev.flinfer.tasks.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.classification.LabelScore;
import dev.flinfer.classification.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy files: one test per rule of the check, and the decisions a policy gives. */
class ModerationPolicyTest {
    @TempDir Path dir;

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private void assertRejected(String name, String content, String problem) throws Exception {
        Path file = write(name, content);
        assertThatThrownBy(() -> ModerationPolicy.read(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("Policy file " + file)
                .hasMessageContaining(problem);
    }

    @Test
    void aYamlPolicyAndTheSameInJsonReadAlike() throws Exception {
        ModerationPolicy yaml =
                ModerationPolicy.read(
                        write("p.yaml", "text:\n  threat: {block: 0.6}\n  spam: {review: 0.5}\n"));
        ModerationPolicy json =
                ModerationPolicy.read(
                        write(
                                "p.json",
                                "{\"text\": {\"threat\": {\"block\": 0.6}, \"spam\": {\"review\": 0.5}}}"));
        assertThat(yaml.rules()).isEqualTo(json.rules());
        assertThat(yaml.rules("image")).isEmpty();
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ModerationPolicy.read(file))
                .hasMessageContaining("Policy file " + file + ": not found");
    }

    @Test
    void malformedYamlIsNamed() throws Exception {
        assertRejected("bad.yaml", "text:\n  threat: {block: 0.6\n", "not valid YAML");
    }

    @Test
    void malformedJsonIsNamed() throws Exception {
        assertRejected("bad.json", "{\"text\": ", "not valid JSON");
    }

    @Test
    void anUnknownPartIsRejected() throws Exception {
        assertRejected("p.yaml", "audio:\n  shout: {block: 0.5}\n", "unknown part 'audio'");
    }

    @Test
    void anUnknownActionIsRejected() throws Exception {
        assertRejected("p.yaml", "text:\n  spam: {delete: 0.5}\n", "unknown action 'delete'");
    }

    @Test
    void aThresholdOutsideZeroToOneIsRejected() throws Exception {
        assertRejected(
                "p.yaml", "text:\n  spam: {block: 1.5}\n", "text.spam.block must be in [0, 1]");
    }

    @Test
    void aThresholdThatIsNotANumberIsRejected() throws Exception {
        assertRejected(
                "p.yaml", "text:\n  spam: {block: high}\n", "text.spam.block must be a number");
    }

    @Test
    void aReviewThresholdAboveTheBlockThresholdIsRejected() throws Exception {
        assertRejected(
                "p.yaml", "text:\n  spam: {block: 0.5, review: 0.8}\n", "above block threshold");
    }

    @Test
    void aLabelWithNoThresholdIsRejected() throws Exception {
        assertRejected(
                "p.yaml", "text:\n  spam: {}\n", "text.spam must set 'block' and/or 'review'");
    }

    @Test
    void aPolicyThatNamesNoLabelIsRejected() throws Exception {
        assertRejected("p.yaml", "text: {}\n", "names no label");
        assertRejected("e.yaml", "", "must be a map of parts");
    }

    @Test
    void aLabelTheModelDoesNotHaveIsRejectedNamingTheModelsLabels() throws Exception {
        Path file = write("p.yaml", "text:\n  thret: {block: 0.6}\n");
        ModerationPolicy policy = ModerationPolicy.read(file);
        Labels labels =
                Labels.fromConfig(
                        new ObjectMapper()
                                .readTree("{\"id2label\": {\"0\": \"threat\", \"1\": \"spam\"}}"),
                        "config.json");
        assertThatThrownBy(() -> policy.checkLabels("text", labels, "m"))
                .hasMessageContaining("Policy file " + file)
                .hasMessageContaining("'thret' is not a label of model m")
                .hasMessageContaining("[threat, spam]");
    }

    @Test
    void theMostSevereRuleDecidesAndLabelsWithoutRulesNeverDo() throws Exception {
        ModerationPolicy policy =
                ModerationPolicy.read(
                        write(
                                "p.yaml",
                                "text:\n  threat: {block: 0.6}\n  spam: {block: 0.9, review: 0.5}\n"
                                        + "image:\n  nsfw: {review: 0.7}\n"));
        List<LabelScore> calm =
                List.of(new LabelScore("threat", 0, 0.1f), new LabelScore("other", 1, 0.99f));
        assertThat(policy.decide(Map.of("text", calm)).decision()).isEqualTo(Decision.APPROVED);
        List<LabelScore> spammy = List.of(new LabelScore("spam", 1, 0.6f));
        Verdict review = policy.decide(Map.of("text", spammy));
        assertThat(review.decision()).isEqualTo(Decision.REVIEW);
        assertThat(review.reasons()).containsExactly("text: spam 0.600 >= review 0.50");
        Verdict blocked =
                policy.decide(
                        Map.of(
                                "text", List.of(new LabelScore("threat", 0, 0.6f)),
                                "image", List.of(new LabelScore("nsfw", 0, 0.8f))));
        assertThat(blocked.decision()).isEqualTo(Decision.BLOCKED);
        assertThat(blocked.reasons()).hasSize(2);
    }
}
