package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.demo.HostileImages;
import dev.flinfer.jobs.demo.TextLineRenderer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Good records mixed with every kind of bad one, through Kafka: in = out + dead letters, every dead
 * letter carries the original bytes, and the job keeps running.
 */
@Timeout(300)
class HostileMixKafkaITCase extends KafkaAndFlinkTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BIG_MESSAGES = Map.of("max.message.bytes", "16777216");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JobClient start(String topic, JobOptions.Task task) throws Exception {
        return FlinferJob.startAsync(options(task, topic, topic + "-out", topic + "-dlq", 2));
    }

    /**
     * Sends {@code events}, runs the job, checks conservation and original bytes; returns
     * dead-letter codes.
     */
    private static Map<String, String> runMix(
            String topic, JobOptions.Task task, List<byte[][]> events, int bad) throws Exception {
        kafka.createTopic(topic, 2, BIG_MESSAGES);
        kafka.createTopic(topic + "-out", 2, BIG_MESSAGES);
        kafka.createTopic(topic + "-dlq", 1, BIG_MESSAGES);
        KafkaTestClient.produce(kafka.bootstrapServers(), topic, events);
        JobClient job = start(topic, task);
        List<ConsumerRecord<byte[], byte[]>> out;
        List<ConsumerRecord<byte[], byte[]>> dead;
        try {
            out =
                    KafkaTestClient.consumeUntil(
                            kafka.bootstrapServers(),
                            topic + "-out",
                            r -> r.size() >= events.size() - bad,
                            Duration.ofMinutes(3));
            dead =
                    KafkaTestClient.consumeUntil(
                            kafka.bootstrapServers(),
                            topic + "-dlq",
                            r -> r.size() >= bad,
                            Duration.ofMinutes(1));
            assertThat(job.getJobExecutionResult().isDone()).as("the job keeps running").isFalse();
        } finally {
            job.cancel().get();
        }
        assertThat(out.size() + dead.size()).isEqualTo(events.size());
        assertThat(dead).hasSize(bad);
        Map<String, byte[]> originals = new HashMap<>();
        for (byte[][] event : events) {
            if (event[0] != null) {
                originals.put(new String(event[0], StandardCharsets.UTF_8), event[1]);
            }
        }
        Map<String, String> codes = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            JsonNode letter = JSON.readTree(record.value());
            codes.put(key, letter.path("code").asText());
            assertThat(letter.path("reason").asText()).isNotBlank();
            byte[] original = originals.get(key);
            byte[] kept =
                    letter.path("value_base64").isNull()
                            ? null
                            : Base64.getDecoder().decode(letter.path("value_base64").asText());
            assertThat(letter.path("value_bytes").asInt())
                    .isEqualTo(original == null ? 0 : original.length);
            if (original == null) {
                assertThat(kept).as(key).isNull();
            } else if (letter.path("value_truncated").asBoolean()) {
                // larger than --max-dead-letter-bytes: a prefix and the SHA-256 of the whole value
                codes.put(key + "#truncated", "yes");
                assertThat(record.value().length).isLessThanOrEqualTo(1_000_000);
                assertThat(original).startsWith(kept);
                assertThat(letter.path("value_sha256").asText())
                        .isEqualTo(
                                HexFormat.of()
                                        .formatHex(
                                                MessageDigest.getInstance("SHA-256")
                                                        .digest(original)));
            } else {
                assertThat(kept).as(key).isEqualTo(original);
            }
        }
        return codes;
    }

    @Test
    void textJobConservesEveryRecordAmongHostileOnes() throws Exception {
        Map<String, byte[]> hostile = new HashMap<>();
        hostile.put("malformed", bytes("{\"id\": 1, \"text\": "));
        hostile.put("nested", bytes("[".repeat(20_000) + "]".repeat(20_000)));
        hostile.put("nested-object", bytes("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)));
        hostile.put(
                "utf8",
                new byte[] {
                    '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xF0, (byte) 0x28, '"', '}'
                });
        hostile.put("empty", bytes("{\"text\": \"\"}"));
        hostile.put("blank", bytes("{\"text\": \"\\u00a0 \\t\"}"));
        hostile.put(
                "huge",
                bytes(JSON.createObjectNode().put("text", "word ".repeat(700_000)).toString()));
        hostile.put("array", bytes("[1, 2]"));
        hostile.put("number", bytes("{\"text\": 3.5}"));
        hostile.put("null-value", null);
        hostile.put("two-objects", bytes("{\"text\": \"a\"} {\"text\": \"b\"}"));
        hostile.put("empty-value", new byte[0]);
        List<byte[][]> events = new ArrayList<>();
        List<String> keys = new ArrayList<>(hostile.keySet());
        for (int i = 0; i < 240; i++) {
            events.add(
                    new byte[][] {
                        i % 40 == 0 ? null : bytes("good-" + i),
                        bytes(JSON.createObjectNode().put("text", "good text " + i).toString())
                    });
            if (i % 20 == 5 && !keys.isEmpty()) {
                String key = keys.remove(0);
                events.add(new byte[][] {bytes(key), hostile.get(key)});
            }
        }
        assertThat(keys).isEmpty();
        Map<String, String> codes =
                runMix("mix-text", JobOptions.Task.TEXT_EMBEDDING, events, hostile.size());
        assertThat(codes)
                .containsEntry("nested", "malformed-json")
                .containsEntry("huge", "too-large")
                .containsEntry("huge#truncated", "yes")
                .containsEntry("null-value", "null-value")
                .containsEntry("two-objects", "malformed-json")
                .containsEntry("blank", "empty-text")
                .containsEntry("utf8", "malformed-json");
    }

    @Test
    void imageJobConservesEveryRecordAmongHostileImages() throws Exception {
        Map<String, byte[]> hostile = new HashMap<>(HostileImages.samples());
        hostile.put("empty", new byte[0]);
        hostile.put("text", bytes("GIF89a? no, just text"));
        byte[] png = TextLineRenderer.render("cut in half", false, "png", 5);
        hostile.put("truncated-png", Arrays.copyOf(png, png.length / 2));
        List<byte[][]> events = new ArrayList<>();
        List<String> keys = new ArrayList<>(hostile.keySet());
        for (int i = 0; i < 60; i++) {
            events.add(
                    new byte[][] {
                        bytes("line-" + i),
                        TextLineRenderer.render(
                                TextLineRenderer.randomLine(i),
                                i % 2 == 0,
                                i % 2 == 0 ? "png" : "jpg",
                                i)
                    });
            if (i % 8 == 3 && !keys.isEmpty()) {
                String key = keys.remove(0);
                events.add(new byte[][] {bytes(key), hostile.get(key)});
            }
        }
        assertThat(keys).isEmpty();
        Map<String, String> codes =
                runMix("mix-image", JobOptions.Task.IMAGE_CLASSIFICATION, events, hostile.size());
        assertThat(codes.values()).allMatch(code -> code.startsWith("image-"));
    }
}
