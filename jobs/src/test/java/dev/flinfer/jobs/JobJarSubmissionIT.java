package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.local.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded job jar submitted over a cluster's REST API as {@code flink run} does it (upload,
 * run), so that its classes load in Flink's child-first user-code classloader; then cancelled and
 * submitted again into the same TaskManager, where a new user-code classloader loads the job again.
 * ONNX Runtime and the tokenizer's native code keep working because they are loaded parent-first,
 * as the README's cluster setup says ({@code classloader.parent-first-patterns.additional:
 * ai.onnxruntime.;ai.djl.}). Flinfer's own classes and the bundled models come from the job jar,
 * child-first.
 */
@Timeout(600)
class JobJarSubmissionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theJobJarRunsUnderTheUserClassloaderAndAgainAfterARestartInTheSameTaskManager()
            throws Exception {
        Path jar = Path.of(System.getProperty("flinfer.jobJar", "target/flinfer-jobs.jar"));
        assertThat(jar).exists();
        Configuration conf = new Configuration();
        // org.apache.flink.* is always parent-first; this test JVM's classpath holds the Kafka
        // connector (a
        // cluster's lib/ would not), so kafka-clients must come from the same loader as the
        // connector.
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
            kafka.createTopic("sub-in", 1);
            kafka.createTopic("sub-out", 1);
            kafka.createTopic("sub-dlq", 1);
            String jarId = upload(rest, jar);
            for (int round = 0; round < 2; round++) {
                List<byte[][]> events = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String id = "round" + round + "-" + i;
                    events.add(
                            new byte[][] {
                                id.getBytes(StandardCharsets.UTF_8),
                                JSON.createObjectNode()
                                        .put("id", id)
                                        .put("text", "submitted through REST, round " + round)
                                        .toString()
                                        .getBytes(StandardCharsets.UTF_8)
                            });
                }
                KafkaTestClient.produce(kafka.bootstrapServers(), "sub-in", events);
                String jobId = run(rest, jarId, kafka.bootstrapServers());
                // a fresh submission starts from the group's committed offsets, which may lag the
                // committed output by a few records (exactly-once holds across restores from a
                // checkpoint
                // or savepoint, not across fresh submissions): count distinct ids
                int expected = 50 * (round + 1);
                var out =
                        KafkaTestClient.consumeUntil(
                                kafka.bootstrapServers(),
                                "sub-out",
                                r -> distinctKeys(r).size() >= expected,
                                Duration.ofMinutes(3));
                assertThat(distinctKeys(out)).as("ids out after round %d", round).hasSize(expected);
                for (var record : out) {
                    assertThat(JSON.readTree(record.value()).path("embedding").path("vector"))
                            .hasSize(384);
                }
                cancel(rest, jobId);
            }
        } finally {
            cluster.close();
        }
    }

    private static java.util.Set<String> distinctKeys(
            List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        records.forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
        return keys;
    }

    private static String upload(URI rest, Path jar) throws Exception {
        String boundary = "flinfer" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(jar));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode response =
                send(
                        HttpRequest.newBuilder(rest.resolve("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build());
        String filename = response.path("filename").asText();
        assertThat(filename).as("upload response %s", response).isNotEmpty();
        return Path.of(filename).getFileName().toString();
    }

    private static String run(URI rest, String jarId, String servers) throws Exception {
        var request = JSON.createObjectNode();
        var args = request.putArray("programArgsList");
        for (String arg :
                List.of(
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
                        "--job-name",
                        "rest-submitted")) {
            args.add(arg);
        }
        JsonNode response =
                send(
                        HttpRequest.newBuilder(rest.resolve("/jars/" + jarId + "/run"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                                .build());
        String jobId = response.path("jobid").asText();
        assertThat(jobId).as("run response %s", response).isNotEmpty();
        return jobId;
    }

    private static void cancel(URI rest, String jobId) throws Exception {
        send(
                HttpRequest.newBuilder(rest.resolve("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build());
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            String state =
                    send(HttpRequest.newBuilder(rest.resolve("/jobs/" + jobId)).GET().build())
                            .path("state")
                            .asText();
            if (state.equals("CANCELED")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " was not cancelled within 60 s");
    }

    private static JsonNode send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", request.method(), request.uri(), response.body())
                .isBetween(200, 299);
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
