package dev.flinfer.tasks.moderation;

import static dev.flinfer.tasks.TaskRecords.json;
import static dev.flinfer.tasks.TaskRecords.runBatch;
import static dev.flinfer.tasks.TaskRecords.runOne;
import static dev.flinfer.tasks.TaskRecords.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.TaskRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The moderation task over posts, on the real composed text classifier and text-orientation image
 * model: decisions, the parts each post has, the decision header, and dead letters.
 */
class ModerationTaskTest {
    @TempDir static Path dir;
    private static Configuration conf;
    private static BatchTask<SourceRecord, ?, ?, Outcome> task;

    @BeforeAll
    static void open() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(
                policy,
                "text:\n  threat: {block: 0.6}\n  spam: {review: 0.5}\n"
                        + "image:\n  upside_down: {review: 0.9}\n");
        conf = new Configuration();
        conf.set(FlinferOptions.MODEL, "moderation-minilm-zeroshot-prototypes");
        conf.set(FlinferOptions.DEVICE, "cpu");
        conf.set(FlinferOptions.INTRA_OP_THREADS, 1);
        conf.set(FlinferOptions.POLICY, policy.toString());
        // the text-orientation model, so that drawn text lines decide the image part
        conf.set(FlinferOptions.IMAGE_MODEL, "text-orientation");
        ModerationSettings settings = ModerationTask.INSTANCE.settings(conf);
        ModerationTask.checkPolicyLabels(settings);
        task = ModerationTask.INSTANCE.openRecords(settings);
    }

    @AfterAll
    static void close() {
        task.close();
    }

    @Test
    void aThreatIsBlockedWithTheReasonTheScoresAndTheHeader() {
        Outcome outcome = runOne(task, json(1, "{\"id\": \"p1\", \"text\": \"I will kill you\"}"));

        JsonNode moderation = value(outcome).path("moderation");
        assertThat(moderation.path("decision").asText()).isEqualTo("blocked");
        assertThat(moderation.path("reasons").get(0).asText()).startsWith("text: threat");
        assertThat(moderation.path("policy").asText()).endsWith("policy.yaml");
        assertThat(moderation.path("text").path("labels")).hasSize(4);
        assertThat(moderation.has("image")).isFalse();
        assertThat(ModerationTask.decisionOf(outcome.output)).isEqualTo(Decision.BLOCKED);
        assertThat(outcome.output.headers.get(0).key).isEqualTo("trace");
    }

    @Test
    void postsWithAnImageOrBothGetEachPartScoredInOneBatch() throws Exception {
        String upsideDown =
                Base64.getEncoder().encodeToString(TaskRecords.textLine("turned over", true));
        String upright =
                Base64.getEncoder().encodeToString(TaskRecords.textLine("a calm line", false));
        List<Outcome> outcomes =
                runBatch(
                        task,
                        List.of(
                                json(2, "{\"image\": \"" + upsideDown + "\"}"),
                                json(
                                        3,
                                        "{\"text\": \"a lovely walk\", \"image\": \""
                                                + upright
                                                + "\"}"),
                                json(4, "{\"text\": \"what a nice sunny day\"}")));

        JsonNode imageOnly = value(outcomes.get(0)).path("moderation");
        assertThat(imageOnly.path("decision").asText()).isEqualTo("review");
        assertThat(imageOnly.has("text")).isFalse();
        assertThat(imageOnly.path("image").path("model").asText()).isEqualTo("text-orientation");
        JsonNode both = value(outcomes.get(1)).path("moderation");
        assertThat(both.path("decision").asText()).isEqualTo("approved");
        assertThat(both.has("text")).isTrue();
        assertThat(both.has("image")).isTrue();
        assertThat(ModerationTask.decisionOf(outcomes.get(2).output)).isEqualTo(Decision.APPROVED);
    }

    @Test
    void aPostWithNeitherPartOrABadPartIsADeadLetterNamingBothModels() {
        for (String[] post :
                new String[][] {
                    {"{\"id\": 5}", "missing-field"},
                    {"{\"text\": \"   \"}", "empty-text"},
                    {"{\"image\": \"ab=c\"}", "wrong-type"},
                    {"{\"image\": \"!!!\"}", "image-empty"},
                    {"{\"image\": \"aGVsbG8=\"}", null},
                    {"not json", "malformed-json"}
                }) {
            Outcome outcome = runOne(task, json(6, post[0]));
            assertThat(outcome.isDeadLetter()).as(post[0]).isTrue();
            if (post[1] != null) {
                assertThat(outcome.deadLetter.code).as(post[0]).isEqualTo(post[1]);
            }
            assertThat(outcome.deadLetter.model)
                    .isEqualTo("moderation-minilm-zeroshot-prototypes+text-orientation");
        }
    }

    @Test
    void aPolicyLabelTheModelDoesNotHaveFailsOnTheClient() throws Exception {
        Path policy = dir.resolve("typo.yaml");
        Files.writeString(policy, "text:\n  thread: {block: 0.6}\n");
        Configuration typo = new Configuration(conf);
        typo.set(FlinferOptions.POLICY, policy.toString());
        ModerationSettings settings = ModerationTask.INSTANCE.settings(typo);

        assertThatThrownBy(() -> ModerationTask.checkPolicyLabels(settings))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("typo.yaml")
                .hasMessageContaining("'thread'");
    }
}
