package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.local.EmbeddedKafka;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as a separate process, killed with SIGKILL in the middle of a stream and started again
 * with {@code --restore latest}: the output holds every input id exactly once. The broker runs in
 * this JVM.
 */
@Timeout(300)
class KillAndRestoreITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOTAL = 2400;

    private static Process startJob(
            EmbeddedKafka kafka, Path checkpoints, Path log, boolean restore) throws Exception {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-cp",
                                System.getProperty("java.class.path"),
                                FlinferMain.class.getName(),
                                "--input",
                                "kafka://" + kafka.bootstrapServers() + "/kr-in",
                                "--output",
                                "kafka://" + kafka.bootstrapServers() + "/kr-out",
                                "--dead-letter",
                                "kafka://" + kafka.bootstrapServers() + "/kr-dlq",
                                "--checkpoint-dir",
                                checkpoints.toString(),
                                "--checkpoint-interval",
                                "500",
                                "--device",
                                "cpu",
                                "--threads",
                                "1",
                                "--job-name",
                                "kill-and-restore"));
        if (restore) {
            command.addAll(List.of("--restore", "latest"));
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    @Test
    void aKilledJobRestartedFromItsLatestCheckpointOutputsEveryIdExactlyOnce(@TempDir Path dir)
            throws Exception {
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("kr-in", 2);
            kafka.createTopic("kr-out", 2);
            kafka.createTopic("kr-dlq", 1);
            List<byte[][]> events = new ArrayList<>();
            for (int i = 0; i < TOTAL; i++) {
                String id = "id-" + i;
                events.add(
                        new byte[][] {
                            id.getBytes(StandardCharsets.UTF_8),
                            JSON.createObjectNode()
                                    .put("id", id)
                                    .put(
                                            "text",
                                            "record " + i + " of a stream that is killed halfway")
                                    .toString()
                                    .getBytes(StandardCharsets.UTF_8)
                        });
            }
            KafkaTestClient.produce(
                    kafka.bootstrapServers(), "kr-in", events.subList(0, TOTAL / 2));

            Process first = startJob(kafka, checkpoints, dir.resolve("first.log"), false);
            List<ConsumerRecord<byte[], byte[]>> before =
                    KafkaTestClient.consumeUntil(
                            kafka.bootstrapServers(),
                            "kr-out",
                            r -> r.size() >= 300,
                            Duration.ofMinutes(2));
            assertThat(before.size())
                    .as("output before the kill; log: %s", log(dir, "first.log"))
                    .isGreaterThanOrEqualTo(300);
            first.destroyForcibly(); // SIGKILL: no clean shutdown, no final checkpoint
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Checkpoints.latest(checkpoints)).as("a retained checkpoint").isPresent();

            KafkaTestClient.produce(
                    kafka.bootstrapServers(), "kr-in", events.subList(TOTAL / 2, TOTAL));
            Process second = startJob(kafka, checkpoints, dir.resolve("second.log"), true);
            try {
                List<ConsumerRecord<byte[], byte[]>> all =
                        KafkaTestClient.consumeUntil(
                                kafka.bootstrapServers(),
                                "kr-out",
                                r -> distinctIds(r) >= TOTAL,
                                Duration.ofMinutes(3));
                // a duplicate would come after the last new id: read on for a few checkpoints
                Thread.sleep(2000);
                all =
                        KafkaTestClient.consumeUntil(
                                kafka.bootstrapServers(),
                                "kr-out",
                                r -> r.size() > TOTAL + 1000,
                                Duration.ofSeconds(5));
                Map<String, Integer> counts = counts(all);
                assertThat(counts).as("log: %s", log(dir, "second.log")).hasSize(TOTAL);
                assertThat(counts.values()).containsOnly(1);
                assertThat(Files.readString(dir.resolve("second.log")))
                        .contains("Restoring from")
                        .containsPattern("Restoring from file:.*/chk-[0-9]+");
            } finally {
                second.destroyForcibly();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static long distinctIds(List<ConsumerRecord<byte[], byte[]>> records) {
        return counts(records).size();
    }

    private static Map<String, Integer> counts(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            counts.merge(new String(record.key(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        return counts;
    }

    private static String log(Path dir, String name) {
        File file = dir.resolve(name).toFile();
        try {
            List<String> lines = Files.readAllLines(file.toPath());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
