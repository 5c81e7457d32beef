package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The text-embedding job between a real in-process Kafka broker and a MiniCluster, exactly-once.
 */
@Timeout(300)
class TextEmbeddingKafkaITCase extends KafkaAndFlinkTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JobClient startJob(String in, String out, String dlq, int parallelism)
            throws Exception {
        return FlinferJob.startAsync(
                options(JobOptions.Task.TEXT_EMBEDDING, in, out, dlq, parallelism));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[][] event(String id, String text) {
        return new byte[][] {
            bytes(id), bytes(JSON.createObjectNode().put("id", id).put("text", text).toString())
        };
    }

    @Test
    void thousandEventsComeOutExactlyOnceWithUnitNormEmbeddings() throws Exception {
        kafka.createTopic("texts", 3);
        kafka.createTopic("embeddings", 3);
        kafka.createTopic("embeddings-dlq", 1);
        List<byte[][]> events = new ArrayList<>();
        String[] words = {
            "stream", "model", "kafka", "flink", "batch", "vector", "query", "record"
        };
        for (int i = 0; i < 994; i++) {
            events.add(
                    event(
                            "id-" + i,
                            "event "
                                    + i
                                    + " about "
                                    + words[i % words.length]
                                    + " "
                                    + words[(i / 8) % words.length]));
        }
        events.add(event("para-a1", "A man is playing a guitar on stage."));
        events.add(event("para-a2", "Someone plays the guitar in front of an audience."));
        events.add(event("para-b1", "The cat sleeps on the warm windowsill."));
        events.add(event("para-b2", "A kitten is napping by the sunny window."));
        events.add(event("far-1", "Quarterly revenue grew by twelve percent."));
        events.add(event("far-2", "Add two cups of flour and bake for an hour."));
        KafkaTestClient.produce(kafka.bootstrapServers(), "texts", events);

        JobClient job = startJob("texts", "embeddings", "embeddings-dlq", 2);
        List<ConsumerRecord<byte[], byte[]>> out;
        try {
            // then 2 s longer on the output topic, to catch any duplicate a second commit adds
            out =
                    KafkaTestClient.consumeUntilThenFor(
                            kafka.bootstrapServers(),
                            "embeddings",
                            r -> r.size() >= 1000,
                            Duration.ofMinutes(3),
                            Duration.ofSeconds(2));
        } finally {
            job.cancel().get();
        }
        Map<String, float[]> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            assertThat(record.topic()).isEqualTo("embeddings");
            JsonNode value = JSON.readTree(record.value());
            String id = value.path("id").asText();
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(id);
            assertThat(byId.put(id, vector(value))).as("duplicate " + id).isNull();
            assertThat(value.path("embedding").path("model").asText())
                    .isEqualTo("all-minilm-l6-v2");
            assertThat(value.path("embedding").path("model_version").asText())
                    .startsWith("sha256:");
        }
        assertThat(byId).hasSize(1000);
        for (float[] vector : byId.values()) {
            assertThat(vector).hasSize(384);
            assertThat(Math.sqrt(dot(vector, vector))).isBetween(0.9999, 1.0001);
        }
        assertThat(dot(byId.get("para-a1"), byId.get("para-a2")))
                .isGreaterThan(dot(byId.get("para-a1"), byId.get("far-1")) + 0.2);
        assertThat(dot(byId.get("para-b1"), byId.get("para-b2")))
                .isGreaterThan(dot(byId.get("para-b1"), byId.get("far-2")) + 0.2);
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithReasonAndOriginalBytes() throws Exception {
        kafka.createTopic("mixed", 1);
        kafka.createTopic("mixed-out", 1);
        kafka.createTopic("mixed-dlq", 1);
        Map<String, byte[]> bad = new HashMap<>();
        bad.put("malformed", bytes("{\"id\": \"malformed\", \"text\": "));
        bad.put("empty", bytes("{\"id\": \"empty\", \"text\": \"\"}"));
        bad.put("blank", bytes("{\"id\": \"blank\", \"text\": \"  \\n\\t \"}"));
        bad.put("missing", bytes("{\"id\": \"missing\", \"body\": \"no text field\"}"));
        bad.put("number", bytes("{\"id\": \"number\", \"text\": 12}"));
        bad.put("array", bytes("[\"not\", \"an\", \"object\"]"));
        bad.put(
                "utf8",
                new byte[] {
                    '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '(', '"', '}'
                });
        bad.put("null", null);
        List<byte[][]> events = new ArrayList<>();
        List<String> badKeys = new ArrayList<>(bad.keySet());
        for (int i = 0; i < 40; i++) {
            events.add(event("good-" + i, "good record number " + i));
            if (i % 5 == 2 && !badKeys.isEmpty()) {
                String key = badKeys.remove(0);
                events.add(new byte[][] {bytes(key), bad.get(key)});
            }
        }
        assertThat(badKeys).isEmpty();
        KafkaTestClient.produce(kafka.bootstrapServers(), "mixed", events);

        JobClient job = startJob("mixed", "mixed-out", "mixed-dlq", 1);
        List<ConsumerRecord<byte[], byte[]>> out;
        List<ConsumerRecord<byte[], byte[]>> dead;
        try {
            out =
                    KafkaTestClient.consumeUntil(
                            kafka.bootstrapServers(),
                            "mixed-out",
                            r -> r.size() >= 40,
                            Duration.ofMinutes(2));
            dead =
                    KafkaTestClient.consumeUntil(
                            kafka.bootstrapServers(),
                            "mixed-dlq",
                            r -> r.size() >= 8,
                            Duration.ofMinutes(1));
        } finally {
            job.cancel().get();
        }
        assertThat(out).hasSize(40);
        assertThat(dead).hasSize(8);
        assertThat(out.size() + dead.size()).isEqualTo(events.size());
        List<String> goodIds = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            goodIds.add(JSON.readTree(record.value()).path("id").asText());
        }
        List<String> expectedOrder = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expectedOrder.add("good-" + i);
        }
        assertThat(goodIds).containsExactlyElementsOf(expectedOrder);
        Map<String, String> codes = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            JsonNode letter = JSON.readTree(record.value());
            String key = new String(record.key(), StandardCharsets.UTF_8);
            codes.put(key, letter.path("code").asText());
            assertThat(letter.path("reason").asText()).isNotBlank();
            assertThat(letter.path("source").path("topic").asText()).isEqualTo("mixed");
            assertThat(letter.path("source").path("offset").isNumber()).isTrue();
            byte[] original = bad.get(key);
            if (original == null) {
                assertThat(letter.path("value_base64").isNull()).isTrue();
            } else {
                assertThat(Base64.getDecoder().decode(letter.path("value_base64").asText()))
                        .isEqualTo(original);
            }
        }
        assertThat(codes)
                .containsEntry("malformed", "malformed-json")
                .containsEntry("empty", "empty-text")
                .containsEntry("blank", "empty-text")
                .containsEntry("missing", "missing-field")
                .containsEntry("number", "wrong-type")
                .containsEntry("array", "not-a-json-object")
                .containsEntry("utf8", "malformed-json")
                .containsEntry("null", "null-value");
    }

    private static float[] vector(JsonNode value) {
        JsonNode values = value.path("embedding").path("vector");
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i).floatValue();
        }
        return vector;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
