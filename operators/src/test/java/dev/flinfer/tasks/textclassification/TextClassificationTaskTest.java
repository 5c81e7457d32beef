package dev.flinfer.tasks.textclassification;

import static dev.flinfer.tasks.TaskRecords.json;
import static dev.flinfer.tasks.TaskRecords.runBatch;
import static dev.flinfer.tasks.TaskRecords.runOne;
import static dev.flinfer.tasks.TaskRecords.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.FlinferOptions;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The text-classification task over records, on the real composed moderation classifier: what it
 * adds to an event, what it keeps, and what becomes a dead letter.
 */
class TextClassificationTaskTest {
    private static BatchTask<SourceRecord, ?, ?, Outcome> task;
    private static BatchTask<SourceRecord, ?, ?, Outcome> top2;

    @BeforeAll
    static void open() {
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MODEL, "moderation-minilm-zeroshot-prototypes");
        conf.set(FlinferOptions.DEVICE, "cpu");
        conf.set(FlinferOptions.INTRA_OP_THREADS, 1);
        conf.set(FlinferOptions.MAX_TEXT_CHARS, 200);
        task =
                TextClassificationTask.INSTANCE.openRecords(
                        TextClassificationTask.INSTANCE.settings(conf));
        conf.set(TextClassificationTask.TOP_K, 2);
        conf.set(FlinferOptions.TEXT_FIELD, "/post/body");
        conf.set(FlinferOptions.OUTPUT_FIELD, "labels_out");
        top2 =
                TextClassificationTask.INSTANCE.openRecords(
                        TextClassificationTask.INSTANCE.settings(conf));
    }

    @AfterAll
    static void close() {
        task.close();
        top2.close();
    }

    @Test
    void everyLabelIsAddedUnderClassificationWithTheModelAndProblemType() {
        SourceRecord in =
                json(1, "{\"id\": \"p1\", \"text\": \"buy cheap pills now, click this link\"}");
        Outcome outcome = runOne(task, in);

        JsonNode out = value(outcome);
        assertThat(out.path("id").asText()).isEqualTo("p1");
        JsonNode result = out.path("classification");
        assertThat(result.path("model").asText())
                .isEqualTo("moderation-minilm-zeroshot-prototypes");
        assertThat(result.path("model_version").asText()).startsWith("sha256:");
        assertThat(result.path("problem_type").asText()).isEqualTo("multi_label_classification");
        assertThat(result.path("labels")).hasSize(4);
        assertThat(result.path("labels").get(0).path("label").asText()).isEqualTo("spam");
        assertThat(outcome.output.key).isEqualTo(in.key);
        assertThat(outcome.output.headers).isEqualTo(in.headers);
    }

    @Test
    void topKAFieldPointerAndAnOutputFieldAreHonoured() {
        Outcome outcome =
                runOne(top2, json(2, "{\"post\": {\"body\": \"I will kill you\"}, \"n\": 1}"));

        JsonNode out = value(outcome);
        assertThat(out.path("n").asInt()).isEqualTo(1);
        assertThat(out.path("labels_out").path("labels")).hasSize(2);
        assertThat(out.path("labels_out").path("labels").get(0).path("label").asText())
                .isEqualTo("threat");
    }

    @Test
    void aBatchGivesEachRecordTheScoresItGetsAlone() throws Exception {
        List<SourceRecord> records =
                List.of(
                        json(3, "{\"text\": \"a lovely day at the beach\"}"),
                        json(
                                4,
                                "{\"text\": \"you are a worthless idiot and everyone hates you\"}"));
        List<Outcome> batch = runBatch(task, records);

        for (int i = 0; i < records.size(); i++) {
            JsonNode alone = value(runOne(task, records.get(i))).path("classification");
            JsonNode inBatch = value(batch.get(i)).path("classification");
            assertThat(inBatch.path("labels").get(0).path("label"))
                    .isEqualTo(alone.path("labels").get(0).path("label"));
            assertThat(inBatch.path("labels").get(0).path("score").asDouble())
                    .isCloseTo(alone.path("labels").get(0).path("score").asDouble(), within());
        }
    }

    @Test
    void badRecordsAreDeadLettersNamingTheModel() {
        assertDead("{\"text\": \"   \"}", "empty-text");
        assertDead("{\"text\": \"\u200b\u200b\"}", "empty-text");
        assertDead("{\"txt\": \"hello\"}", "missing-field");
        assertDead("{\"text\": 42}", "wrong-type");
        assertDead("{\"text\": \"" + "a".repeat(201) + "\"}", "too-large");
        assertDead("{\"text\": ", "malformed-json");
        assertDead("[1, 2]", "not-a-json-object");
    }

    private static void assertDead(String value, String code) {
        Outcome outcome = runOne(task, json(9, value));
        assertThat(outcome.isDeadLetter()).as(value).isTrue();
        assertThat(outcome.deadLetter.code).as(value).isEqualTo(code);
        assertThat(outcome.deadLetter.model).isEqualTo("moderation-minilm-zeroshot-prototypes");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-5);
    }
}
