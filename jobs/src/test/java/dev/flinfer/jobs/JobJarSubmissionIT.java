package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.local.EmbeddedKafka;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster job jar (target/flinfer-jobs-cluster.jar: Flink, ONNX Runtime and the tokenizer left
 * to the cluster) submitted over a cluster's REST API as {@code flink run} does it (upload, run),
 * so that its classes load in Flink's child-first user-code classloader; stopped with a savepoint
 * as {@code flink stop --savepointPath} does it, and submitted again from that savepoint into the
 * same TaskManager, where a new user-code classloader loads the job again. ONNX Runtime and the
 * tokenizer's native code keep working because they are loaded parent-first, as the README's
 * cluster setup says ({@code classloader.parent-first-patterns.additional:
 * ai.onnxruntime.;ai.djl.}). Flinfer's own classes and the bundled models come from the job jar,
 * child-first.
 */
@Timeout(600)
class JobJarSubmissionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 50;

    @TempDir Path savepoints;

    @Test
    void theJobJarRunsOverRestStopsWithASavepointAndResumesFromItExactlyOnce() throws Exception {
        Path jar = Path.of(System.getProperty("flinfer.jobJar", "target/flinfer-jobs-cluster.jar"));
        assertThat(jar).exists();
        Configuration conf = new Configuration();
        // org.apache.flink.* is always parent-first; this test JVM's classpath holds the Kafka
        // connector (a cluster's lib/ would not), so kafka-clients must come from the same loader
        // as the connector.
        conf.set(
                CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL,
                List.of("ai.onnxruntime.", "ai.djl.", "org.apache.kafka."));
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(2)
                                .withRandomPorts()
                                .build());
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            FlinkRestClient flink = new FlinkRestClient(rest);
            String servers = kafka.bootstrapServers();
            kafka.createTopic("sub-in", 1);
            kafka.createTopic("sub-out", 1);
            kafka.createTopic("sub-dlq", 1);
            String jarId = flink.upload(jar);

            produce(servers, "before");
            String first = flink.run(jarId, args(servers, "group-first"), null);
            awaitDistinct(servers, BATCH);
            String savepoint = flink.stopWithSavepoint(first, savepoints.toUri().toString());
            assertThat(Path.of(URI.create(savepoint)).resolve("_metadata")).exists();

            // written while no job runs: only the savepoint's offsets tell the next run where to
            // start, since its new consumer group has no committed offsets and would start at the
            // earliest record (repeating "before-*")
            produce(servers, "stopped");
            String resumed = flink.run(jarId, args(servers, "group-resumed"), savepoint);
            JsonNode restored = awaitRestored(flink, resumed);
            assertThat(restored.path("is_savepoint").asBoolean()).as("%s", restored).isTrue();
            assertThat(restored.path("external_path").asText())
                    .isEqualTo(savepoint.replaceFirst("/$", ""));
            produce(servers, "resumed");

            List<ConsumerRecord<byte[], byte[]>> out = awaitDistinct(servers, 3 * BATCH);
            Map<String, Integer> counts = new HashMap<>();
            out.forEach(
                    r ->
                            counts.merge(
                                    new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum));
            assertThat(counts).hasSize(3 * BATCH);
            assertThat(counts.values()).as("every id exactly once").containsOnly(1);
            assertThat(out).hasSize(3 * BATCH);
            for (var record : out) {
                assertThat(JSON.readTree(record.value()).path("embedding").path("vector"))
                        .hasSize(384);
            }
            flink.cancel(resumed);
        } finally {
            cluster.close();
        }
    }

    private static List<String> args(String servers, String groupId) {
        return List.of(
                "--input",
                "kafka://" + servers + "/sub-in",
                "--output",
                "kafka://" + servers + "/sub-out",
                "--dead-letter",
                "kafka://" + servers + "/sub-dlq",
                "--device",
                "cpu",
                "--threads",
                "1",
                "--checkpoint-interval",
                "500",
                "--group-id",
                groupId,
                // the same name on both runs: it is the prefix of the sink's transactional ids
                "--job-name",
                "rest-submitted");
    }

    private static void produce(String servers, String prefix) {
        List<byte[][]> events = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String id = prefix + "-" + i;
            events.add(
                    new byte[][] {
                        id.getBytes(StandardCharsets.UTF_8),
                        JSON.createObjectNode()
                                .put("id", id)
                                .put("text", "submitted through REST, " + prefix + " " + i)
                                .toString()
                                .getBytes(StandardCharsets.UTF_8)
                    });
        }
        KafkaTestClient.produce(servers, "sub-in", events);
    }

    /** Reads the output (read_committed) until it holds {@code expected} distinct ids. */
    private static List<ConsumerRecord<byte[], byte[]>> awaitDistinct(
            String servers, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out =
                KafkaTestClient.consumeUntil(
                        servers,
                        "sub-out",
                        r ->
                                r.stream()
                                                .map(
                                                        c ->
                                                                new String(
                                                                        c.key(),
                                                                        StandardCharsets.UTF_8))
                                                .distinct()
                                                .count()
                                        >= expected,
                        Duration.ofMinutes(3));
        assertThat(out.stream().map(c -> new String(c.key(), StandardCharsets.UTF_8)).distinct())
                .as("distinct ids out")
                .hasSize(expected);
        return out;
    }

    private static JsonNode awaitRestored(FlinkRestClient flink, String jobId) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode restored = flink.restoredFrom(jobId);
            if (!restored.isMissingNode() && !restored.isNull()) {
                return restored;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " reports no restore within 60 s");
    }
}
