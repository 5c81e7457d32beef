package dev.flinfer.jobs;

import static dev.flinfer.jobs.GenerationRecords.JSON;
import static dev.flinfer.jobs.GenerationRecords.bytes;
import static dev.flinfer.jobs.GenerationRecords.event;
import static dev.flinfer.jobs.GenerationRecords.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.generation.Generated;
import dev.flinfer.tasks.generation.TextGenerationTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The text-generation job ({@code --task text-generation}, greedy, 16 new tokens) between a real
 * in-process Kafka broker and a MiniCluster, exactly-once: each good prompt comes out once, in its
 * partition's order, with the text the model gives that prompt alone; bad ones are dead-lettered.
 */
@Timeout(300)
class TextGenerationKafkaITCase extends KafkaAndFlinkTestBase {
    private static final int MAX_NEW_TOKENS = 16;

    @Test
    void promptsComeOutOnceInOrderWithTheTextTheyGetAlone() throws Exception {
        kafka.createTopic("prompts", 2);
        kafka.createTopic("generated", 2);
        kafka.createTopic("generated-dlq", 1);
        Map<String, String> prompts = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            // 1 to 60 words, short and long ones mixed in each partition
            prompts.put("g-" + i, GenerationRecords.prompt(i, 1 + (i * 37) % 60));
        }
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("empty", bytes("{\"id\": \"empty\", \"text\": \"\"}"));
        bad.put("malformed", bytes("{\"id\": \"malformed\", \"text\": "));
        bad.put(
                "utf8",
                new byte[] {
                    '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '(', '"', '}'
                });
        bad.put("too-long", event("too-long", GenerationRecords.prompt(3, 400))[1]);
        List<byte[][]> events = new ArrayList<>();
        List<String> badKeys = new ArrayList<>(bad.keySet());
        int i = 0;
        for (Map.Entry<String, String> prompt : prompts.entrySet()) {
            events.add(event(prompt.getKey(), prompt.getValue()));
            if (i++ % 9 == 4 && !badKeys.isEmpty()) {
                String key = badKeys.remove(0);
                events.add(new byte[][] {bytes(key), bad.get(key)});
            }
        }
        assertThat(badKeys).isEmpty();
        KafkaTestClient.produce(kafka.bootstrapServers(), "prompts", events);

        List<String> args =
                GenerationRecords.jobArgs(
                        kafka.bootstrapServers(),
                        "text-generation",
                        "prompts",
                        "generated",
                        "generated-dlq",
                        2);
        args.addAll(List.of("--max-new-tokens", Integer.toString(MAX_NEW_TOKENS)));
        JobOptions options = GenerationRecords.cli(args.toArray(String[]::new));
        long started = System.nanoTime();
        JobClient job = FlinferJob.startAsync(options);
        List<ConsumerRecord<byte[], byte[]>> out;
        List<ConsumerRecord<byte[], byte[]>> dead;
        try {
            // then 2 s longer on the output topic, to catch any duplicate a second commit adds
            out =
                    KafkaTestClient.consumeUntilThenFor(
                            kafka.bootstrapServers(),
                            "generated",
                            r -> r.size() >= prompts.size(),
                            Duration.ofMinutes(2),
                            Duration.ofSeconds(2));
            dead =
                    KafkaTestClient.consumeUntil(
                            kafka.bootstrapServers(),
                            "generated-dlq",
                            r -> r.size() >= bad.size(),
                            Duration.ofMinutes(1));
        } finally {
            job.cancel().get();
        }
        System.out.printf(
                "text-generation: %d prompts in %.1f s%n",
                prompts.size(), (System.nanoTime() - started) / 1e9);

        Map<String, Generated> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            JsonNode value = JSON.readTree(record.value());
            String id = value.path("id").asText();
            assertThat(key(record)).isEqualTo(id);
            assertThat(value.path("text").asText()).isEqualTo(prompts.get(id));
            JsonNode generation = value.path("generation");
            assertThat(generation.path("model").asText()).isEqualTo("gpt2-tiny-seeded");
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
                GenerationRecords.positions(kafka.bootstrapServers(), "prompts", events.size()));

        Map<String, String> codes = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            JsonNode letter = JSON.readTree(record.value());
            codes.put(key(record), letter.path("code").asText());
            assertThat(letter.path("reason").asText()).isNotBlank();
            assertThat(letter.path("source").path("topic").asText()).isEqualTo("prompts");
            assertThat(Base64.getDecoder().decode(letter.path("value_base64").asText()))
                    .isEqualTo(bad.get(key(record)));
        }
        assertThat(codes)
                .containsOnly(
                        Map.entry("empty", "empty-text"),
                        Map.entry("malformed", "malformed-json"),
                        Map.entry("utf8", "malformed-json"),
                        Map.entry("too-long", "prompt-too-long"));

        Map<String, Generated> alone =
                GenerationRecords.alone(TextGenerationTask.INSTANCE, options, prompts, Map.of());
        for (String id : prompts.keySet()) {
            assertThat(byId.get(id)).as(id + ": " + prompts.get(id)).isEqualTo(alone.get(id));
        }
        // the model's length prior ends most greedy generations at EOS before 16 tokens
        assertThat(byId.values()).anyMatch(g -> g.finishReason() == Generated.FinishReason.EOS);
        assertThat(byId.values()).anyMatch(g -> g.tokens() > 0 && !g.text().isBlank());
    }
}
