package dev.flinfer.jobs;

import static dev.flinfer.jobs.GenerationRecords.JSON;
import static dev.flinfer.jobs.GenerationRecords.bytes;
import static dev.flinfer.jobs.GenerationRecords.event;
import static dev.flinfer.jobs.GenerationRecords.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.generation.Generated;
import dev.flinfer.tasks.generation.Text2TextTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The text2text job ({@code --task text2text} on {@code t5-tiny-seeded}, 16 new tokens) between a
 * real in-process Kafka broker and a MiniCluster, exactly-once, greedy and with two beams: each
 * good prompt comes out once, in its partition's order, with the text the model gives it alone; bad
 * ones are dead-lettered.
 */
@Timeout(300)
class Text2TextKafkaITCase extends KafkaAndFlinkTestBase {
    private static final int MAX_NEW_TOKENS = 16;

    @Test
    void greedyRewritesComeOutOnceInOrderWithTheTextTheyGetAlone() throws Exception {
        runAndCompare("t2t-greedy");
    }

    @Test
    void twoBeamRewritesComeOutOnceInOrderWithTheTextTheyGetAlone() throws Exception {
        runAndCompare("t2t-beams", "--num-beams", "2");
    }

    private static void runAndCompare(String prefix, String... decoding) throws Exception {
        kafka.createTopic(prefix + "-in", 2);
        kafka.createTopic(prefix + "-out", 2);
        kafka.createTopic(prefix + "-dlq", 1);
        Map<String, String> prompts = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            prompts.put("r-" + i, GenerationRecords.prompt(i, 1 + (i * 11) % 40));
        }
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("empty", bytes("{\"id\": \"empty\", \"text\": \"\"}"));
        bad.put("malformed", bytes("{\"id\": \"malformed\", \"text\": "));
        List<byte[][]> events = new ArrayList<>();
        prompts.forEach((id, text) -> events.add(event(id, text)));
        events.add(5, new byte[][] {bytes("empty"), bad.get("empty")});
        events.add(11, new byte[][] {bytes("malformed"), bad.get("malformed")});
        KafkaTestClient.produce(kafka.bootstrapServers(), prefix + "-in", events);

        List<String> args =
                GenerationRecords.jobArgs(
                        kafka.bootstrapServers(),
                        "text2text",
                        prefix + "-in",
                        prefix + "-out",
                        prefix + "-dlq",
                        2);
        args.addAll(List.of("--max-new-tokens", Integer.toString(MAX_NEW_TOKENS)));
        args.addAll(List.of(decoding));
        JobOptions options = GenerationRecords.cli(args.toArray(String[]::new));
        long started = System.nanoTime();
        JobClient job = FlinferJob.startAsync(options);
        List<ConsumerRecord<byte[], byte[]>> out;
        List<ConsumerRecord<byte[], byte[]>> dead;
        try {
            out =
                    KafkaTestClient.consumeUntilThenFor(
                            kafka.bootstrapServers(),
                            prefix + "-out",
                            r -> r.size() >= prompts.size(),
                            Duration.ofMinutes(2),
                            Duration.ofSeconds(2));
            dead =
                    KafkaTestClient.consumeUntil(
                            kafka.bootstrapServers(),
                            prefix + "-dlq",
                            r -> r.size() >= bad.size(),
                            Duration.ofMinutes(1));
        } finally {
            job.cancel().get();
        }
        System.out.printf(
                "%s: %d prompts in %.1f s%n",
                prefix, prompts.size(), (System.nanoTime() - started) / 1e9);

        Map<String, Generated> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            JsonNode value = JSON.readTree(record.value());
            String id = value.path("id").asText();
            assertThat(key(record)).isEqualTo(id);
            JsonNode generation = value.path("generation");
            assertThat(generation.path("model").asText()).isEqualTo("t5-tiny-seeded");
            assertThat(generation.path("model_version").asText()).startsWith("sha256:");
            assertThat(generation.path("finish_reason").asText()).isIn("eos", "length");
            assertThat(generation.path("tokens").asInt()).isBetween(0, MAX_NEW_TOKENS);
            assertThat(byId.put(id, GenerationRecords.generated(value)))
                    .as("duplicate " + id)
                    .isNull();
        }
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(prompts.keySet());
        GenerationRecords.assertOrderPerPartitionKept(
                out,
                GenerationRecords.positions(
                        kafka.bootstrapServers(), prefix + "-in", events.size()));
        Map<String, String> codes = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            JsonNode letter = JSON.readTree(record.value());
            codes.put(key(record), letter.path("code").asText());
            assertThat(letter.path("reason").asText()).isNotBlank();
        }
        assertThat(codes)
                .containsOnly(
                        Map.entry("empty", "empty-text"), Map.entry("malformed", "malformed-json"));

        Map<String, Generated> alone =
                GenerationRecords.alone(Text2TextTask.INSTANCE, options, prompts, Map.of());
        for (String id : prompts.keySet()) {
            assertThat(byId.get(id)).as(id + ": " + prompts.get(id)).isEqualTo(alone.get(id));
        }
        assertThat(byId.values()).anyMatch(g -> g.tokens() > 0);
    }
}
