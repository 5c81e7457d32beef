package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.generation.Generated;
import dev.flinfer.tasks.generation.GenerationModel;
import dev.flinfer.tasks.generation.GenerationSettings;
import dev.flinfer.tasks.generation.GenerationTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine;

/**
 * What the generation ITCases share: jobs from a real command line, prompt events, the generation
 * object read back, and the reference: each prompt run alone through the model the job opens.
 */
final class GenerationRecords {
    static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] WORDS = {
        "stream", "model", "kafka", "flink", "batch", "token", "query", "record", "the", "a",
        "river", "city", "night", "window", "garden", "music", "engine", "story", "small", "old"
    };

    private GenerationRecords() {}

    /** The job's options as {@code flinfer ARGS} parses them. */
    static JobOptions cli(String... args) {
        FlinferMain main = new FlinferMain();
        new CommandLine(main).parseArgs(args);
        return main.options;
    }

    /** The command line of a test job on the test broker: CPU, 1 thread, 500 ms checkpoints. */
    static List<String> jobArgs(
            String servers, String task, String in, String out, String dlq, int parallelism) {
        List<String> args = new ArrayList<>();
        args.addAll(List.of("--task", task));
        args.addAll(List.of("--input", "kafka://" + servers + "/" + in));
        args.addAll(List.of("--output", "kafka://" + servers + "/" + out));
        args.addAll(List.of("--dead-letter", "kafka://" + servers + "/" + dlq));
        args.addAll(List.of("--device", "cpu", "--threads", "1"));
        args.addAll(List.of("--parallelism", Integer.toString(parallelism)));
        args.addAll(List.of("--checkpoint-interval", "500", "--job-name", "it-" + in));
        return args;
    }

    /** A prompt of {@code words} words, varied by {@code i}. */
    static String prompt(int i, int words) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < words; w++) {
            text.append(w == 0 ? "" : " ").append(WORDS[(i * 7 + w * 3) % WORDS.length]);
        }
        return text.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[][] event(String id, String text) {
        return new byte[][] {
            bytes(id), bytes(JSON.createObjectNode().put("id", id).put("text", text).toString())
        };
    }

    static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    /** The generation object of an output record as a {@link Generated}. */
    static Generated generated(JsonNode value) {
        JsonNode generation = value.path("generation");
        return new Generated(
                generation.path("text").asText(),
                generation.path("tokens").asInt(),
                Generated.FinishReason.valueOf(
                        generation.path("finish_reason").asText().toUpperCase(Locale.ROOT)));
    }

    /**
     * Each prompt run alone, one {@code infer} each, through the model {@code task} opens for the
     * job's {@code options}, with the salt {@code salts} gives (0 when absent: greedy ignores it).
     */
    static Map<String, Generated> alone(
            GenerationTask task,
            JobOptions options,
            Map<String, String> prompts,
            Map<String, Long> salts)
            throws Exception {
        GenerationSettings settings = task.settings(options.toConfiguration());
        Map<String, Generated> results = new HashMap<>();
        try (GenerationModel model = task.openModel(settings)) {
            for (Map.Entry<String, String> prompt : prompts.entrySet()) {
                long salt = salts.getOrDefault(prompt.getKey(), 0L);
                results.put(
                        prompt.getKey(),
                        model.result(
                                model.infer(List.of(model.prepare(prompt.getValue(), salt))), 0));
            }
        }
        return results;
    }

    /** Where each key of {@code topic} sits: partition and offset, read back from the broker. */
    static Map<String, long[]> positions(String servers, String topic, int count) {
        Map<String, long[]> positions = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaTestClient.consumeUntil(
                        servers, topic, r -> r.size() >= count, Duration.ofSeconds(30))) {
            positions.put(key(record), new long[] {record.partition(), record.offset()});
        }
        assertThat(positions).hasSize(count);
        return positions;
    }

    /**
     * Asserts that in each output partition, the records of each input partition come in their
     * input offset order.
     */
    static void assertOrderPerPartitionKept(
            List<ConsumerRecord<byte[], byte[]>> out, Map<String, long[]> inputPositions) {
        Map<String, Long> lastOffset = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            long[] position = inputPositions.get(key(record));
            String lane = record.partition() + "<-" + position[0];
            Long previous = lastOffset.put(lane, position[1]);
            if (previous != null) {
                assertThat(position[1])
                        .as("offset of " + key(record) + " after " + previous + " in " + lane)
                        .isGreaterThan(previous);
            }
        }
    }
}
