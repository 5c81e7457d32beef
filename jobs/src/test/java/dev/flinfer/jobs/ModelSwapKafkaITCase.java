package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.bundle.ModelCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model versions changed while the job runs, between real Kafka topics: a control command swaps
 * MiniLM fp32 (version 1) for int8 (version 2) while records flow, a broken version 3 is refused, a
 * shadow compares every record, a repository poll picks up a version written while the job runs.
 */
@Timeout(400)
class ModelSwapKafkaITCase extends KafkaAndFlinkTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path repository;

    @Test
    void aCommandSwapsVersionsAtOneCutPerSubtaskAndABrokenVersionIsRefused() throws Exception {
        Path model = repository.resolve("encoder");
        copyBundle("all-minilm-l6-v2", model.resolve("1"));
        copyBundle("all-minilm-l6-v2-int8", model.resolve("2"));
        brokenBundle(model.resolve("3"));
        String p = "swap";
        topics(p);
        JobOptions options = options(p, model.resolve("1"), 2);
        options.lifecycle.modelControl = uri(p + "-ctl");
        options.lifecycle.modelEvents = uri(p + "-events");
        int total = 900;
        JobClient job = FlinferJob.startAsync(options);
        Producer producer = Producer.start(p + "-in", total, 15);
        List<ConsumerRecord<byte[], byte[]>> out;
        List<ConsumerRecord<byte[], byte[]>> events;
        try {
            KafkaTestClient.consumeUntil(
                    kafka.bootstrapServers(),
                    p + "-out",
                    r -> r.size() >= 100,
                    Duration.ofMinutes(2));
            command(p, "{not json");
            command(p, "{\"model\": \"other\", \"serve\": 2}");
            command(p, "{\"model\": \"encoder\", \"serve\": 3}");
            command(p, "{\"model\": \"encoder\", \"serve\": 2}");
            out =
                    KafkaTestClient.consumeUntilThenFor(
                            kafka.bootstrapServers(),
                            p + "-out",
                            r -> r.size() >= total,
                            Duration.ofMinutes(3),
                            Duration.ofSeconds(2));
            events =
                    KafkaTestClient.consumeUntil(
                            kafka.bootstrapServers(),
                            p + "-events",
                            r -> count(r, "model-served", 2) >= 2,
                            Duration.ofMinutes(1));
        } finally {
            producer.stop();
            job.cancel().get();
        }
        assertThat(producer.sent()).isEqualTo(total);
        Map<String, Integer> ids = new HashMap<>();
        Map<Integer, TreeMap<Long, Integer>> versionsByPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            JsonNode event = JSON.readTree(record.value());
            ids.merge(event.get("id").asText(), 1, Integer::sum);
            int version = event.path("embedding").path("model_version").asInt();
            assertThat(event.path("embedding").path("model").asText()).isEqualTo("encoder");
            versionsByPartition
                    .computeIfAbsent(record.partition(), k -> new TreeMap<>())
                    .put(record.offset(), version);
        }
        assertThat(ids).hasSize(total);
        assertThat(ids.values()).containsOnly(1);
        int switched = 0;
        for (TreeMap<Long, Integer> byOffset : versionsByPartition.values()) {
            // one clean cut per partition (so per subtask): 1 ... 1 2 ... 2
            List<Integer> sequence = new ArrayList<>(byOffset.values());
            int cut = sequence.indexOf(2);
            assertThat(sequence).containsOnly(1, 2);
            if (cut >= 0) {
                switched++;
                assertThat(sequence.subList(cut, sequence.size())).containsOnly(2);
            }
        }
        assertThat(switched).as("partitions that switched to version 2").isEqualTo(2);
        assertThat(count(events, "model-rejected", 3))
                .as("version 3 refused per subtask")
                .isEqualTo(2);
        assertThat(count(events, "command-rejected", 0)).as("the two bad commands").isEqualTo(2);
        assertThat(
                        KafkaTestClient.consumeUntilThenFor(
                                        kafka.bootstrapServers(),
                                        p + "-dlq",
                                        r -> false,
                                        Duration.ofSeconds(1),
                                        Duration.ZERO)
                                .size())
                .as("dead letters")
                .isZero();
    }

    @Test
    void aShadowComparesEveryRecordOnceItRuns() throws Exception {
        Path model = repository.resolve("encoder");
        copyBundle("all-minilm-l6-v2", model.resolve("1"));
        copyBundle("all-minilm-l6-v2-int8", model.resolve("2"));
        String p = "shadow";
        topics(p);
        kafka.createTopic(p + "-cmp", 1);
        JobOptions options = options(p, model.resolve("1"), 2);
        options.lifecycle.modelControl = uri(p + "-ctl");
        options.lifecycle.modelEvents = uri(p + "-events");
        options.lifecycle.shadowOutput = uri(p + "-cmp");
        JobClient job = FlinferJob.startAsync(options);
        // records keep coming until the shadow has compared a hundred: a switch happens between
        // records
        Producer producer = Producer.start(p + "-in", 20_000, 10);
        List<ConsumerRecord<byte[], byte[]>> out;
        List<ConsumerRecord<byte[], byte[]>> comparisons;
        try {
            KafkaTestClient.consumeUntil(
                    kafka.bootstrapServers(),
                    p + "-out",
                    r -> r.size() >= 50,
                    Duration.ofMinutes(2));
            command(p, "{\"model\": \"encoder\", \"shadow\": 2}");
            KafkaTestClient.consumeUntil(
                    kafka.bootstrapServers(),
                    p + "-cmp",
                    r -> r.size() >= 100,
                    Duration.ofMinutes(2));
            producer.stop();
            int total = producer.sent();
            out =
                    KafkaTestClient.consumeUntil(
                            kafka.bootstrapServers(),
                            p + "-out",
                            r -> r.size() >= total,
                            Duration.ofMinutes(3));
            assertThat(out).hasSize(total);
            comparisons =
                    KafkaTestClient.consumeUntilThenFor(
                            kafka.bootstrapServers(),
                            p + "-cmp",
                            r -> r.size() >= 100,
                            Duration.ofMinutes(1),
                            Duration.ofSeconds(3));
        } finally {
            producer.stop();
            job.cancel().get();
        }
        Map<String, JsonNode> bySource = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : comparisons) {
            JsonNode comparison = JSON.readTree(record.value());
            assertThat(bySource.put(comparison.get("key").asText(), comparison))
                    .as("one comparison per record")
                    .isNull();
            assertThat(comparison.get("primary_version").asInt()).isEqualTo(1);
            assertThat(comparison.get("shadow_version").asInt()).isEqualTo(2);
            // int8 against fp32 MiniLM: close, not equal
            assertThat(comparison.get("cosine").asDouble()).isBetween(0.9, 1.0 + 1e-6);
            assertThat(comparison.has("agree")).isTrue();
        }
        // the primary result still goes out for every record, on version 1
        Map<Integer, TreeMap<Long, Boolean>> compared = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(event.path("embedding").path("model_version").asInt()).isEqualTo(1);
            String id = event.get("id").asText();
            compared.computeIfAbsent(record.partition(), k -> new TreeMap<>())
                    .put(record.offset(), bySource.containsKey(id));
        }
        assertThat(bySource).isNotEmpty();
        for (TreeMap<Long, Boolean> byOffset : compared.values()) {
            // once the shadow runs on a subtask, every later record of it is compared
            List<Boolean> sequence = new ArrayList<>(byOffset.values());
            int first = sequence.indexOf(true);
            if (first >= 0) {
                assertThat(sequence.subList(first, sequence.size())).containsOnly(true);
            }
        }
    }

    @Test
    void aPollPicksUpAVersionWrittenWhileTheJobRuns() throws Exception {
        Path model = repository.resolve("encoder");
        copyBundle("all-minilm-l6-v2", model.resolve("1"));
        String p = "poll";
        topics(p);
        JobOptions options = options(p, model, 1);
        options.lifecycle.modelPollIntervalMs = 500L;
        options.lifecycle.modelEvents = uri(p + "-events");
        int total = 600;
        JobClient job = FlinferJob.startAsync(options);
        Producer producer = Producer.start(p + "-in", total, 5);
        List<ConsumerRecord<byte[], byte[]>> out;
        try {
            KafkaTestClient.consumeUntil(
                    kafka.bootstrapServers(),
                    p + "-out",
                    r -> r.size() >= 50,
                    Duration.ofMinutes(2));
            // written beside, then moved in: the poll never sees half a version
            Path staging = repository.resolve("staging-2");
            copyBundle("all-minilm-l6-v2-int8", staging);
            Files.move(staging, model.resolve("2"));
            out =
                    KafkaTestClient.consumeUntil(
                            kafka.bootstrapServers(),
                            p + "-out",
                            r -> r.size() >= total,
                            Duration.ofMinutes(3));
        } finally {
            producer.stop();
            job.cancel().get();
        }
        Map<Integer, TreeMap<Long, Integer>> byPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            JsonNode event = JSON.readTree(record.value());
            byPartition
                    .computeIfAbsent(record.partition(), k -> new TreeMap<>())
                    .put(record.offset(), event.path("embedding").path("model_version").asInt());
        }
        boolean sawTwo = false;
        for (TreeMap<Long, Integer> byOffset : byPartition.values()) {
            List<Integer> sequence = new ArrayList<>(byOffset.values());
            assertThat(sequence.get(0)).isEqualTo(1);
            int cut = sequence.indexOf(2);
            if (cut > 0) {
                sawTwo = true;
                assertThat(sequence.subList(cut, sequence.size())).containsOnly(2);
            }
        }
        assertThat(sawTwo).as("version 2 served after the poll").isTrue();
    }

    private JobOptions options(String p, Path model, int parallelism) {
        JobOptions options =
                options(
                        JobOptions.Task.TEXT_EMBEDDING,
                        p + "-in",
                        p + "-out",
                        p + "-dlq",
                        parallelism);
        options.model = model.toString();
        options.jobName = "it-" + p;
        return options;
    }

    static void topics(String p) {
        kafka.createTopic(p + "-in", 2);
        kafka.createTopic(p + "-out", 2);
        kafka.createTopic(p + "-dlq", 1);
        kafka.createTopic(p + "-ctl", 1);
        kafka.createTopic(p + "-events", 1);
    }

    static String uri(String topic) {
        return "kafka://" + kafka.bootstrapServers() + "/" + topic;
    }

    static void command(String p, String json) {
        KafkaTestClient.produce(
                kafka.bootstrapServers(),
                p + "-ctl",
                List.<byte[][]>of(new byte[][] {null, json.getBytes(StandardCharsets.UTF_8)}));
    }

    private static int count(
            List<ConsumerRecord<byte[], byte[]>> events, String type, int version) {
        int n = 0;
        for (ConsumerRecord<byte[], byte[]> record : events) {
            try {
                JsonNode event = JSON.readTree(record.value());
                if (type.equals(event.path("event").asText())
                        && event.path("version").asInt() == version) {
                    n++;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return n;
    }

    /** How many of {@code records} hold {@code value} at JSON {@code pointer} (as text). */
    static int withValue(
            List<ConsumerRecord<byte[], byte[]>> records, String pointer, String value) {
        int n = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                if (JSON.readTree(record.value()).at(pointer).asText().equals(value)) {
                    n++;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return n;
    }

    static void copyBundle(String bundled, Path target) throws IOException {
        Files.createDirectories(target);
        Path source = ModelCatalog.resolve(bundled).directory();
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
    }

    /** Version 1's files with a truncated graph: it fails to load. */
    static void brokenBundle(Path target) throws IOException {
        copyBundle("all-minilm-l6-v2", target);
        Path graph = target.resolve("model.onnx");
        byte[] head = Arrays.copyOf(Files.readAllBytes(graph), 4096);
        Files.write(graph, head);
    }

    /**
     * Produces {@code total} events ({@code id-N}) in small bursts, on its own thread; the key is
     * the id, or one of {@code keys} keys ({@code key-(N % keys)}).
     */
    static final class Producer {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger sent = new AtomicInteger();
        private final Thread thread;

        private Producer(String topic, int total, int perBurst, int keys) {
            thread =
                    new Thread(
                            () -> {
                                while (!stop.get() && sent.get() < total) {
                                    List<byte[][]> burst = new ArrayList<>();
                                    for (int i = 0; i < perBurst && sent.get() + i < total; i++) {
                                        int n = sent.get() + i;
                                        String id = "id-" + n;
                                        String key = keys > 0 ? "key-" + n % keys : id;
                                        burst.add(
                                                new byte[][] {
                                                    key.getBytes(StandardCharsets.UTF_8),
                                                    JSON.createObjectNode()
                                                            .put("id", id)
                                                            .put("source", "in@" + n)
                                                            .put(
                                                                    "text",
                                                                    "event number "
                                                                            + n
                                                                            + " of the swap test")
                                                            .toString()
                                                            .getBytes(StandardCharsets.UTF_8)
                                                });
                                    }
                                    KafkaTestClient.produce(kafka.bootstrapServers(), topic, burst);
                                    sent.addAndGet(burst.size());
                                    try {
                                        Thread.sleep(40);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "swap-producer");
            thread.setDaemon(true);
        }

        static Producer start(String topic, int total, int perBurst) {
            return start(topic, total, perBurst, 0);
        }

        static Producer start(String topic, int total, int perBurst, int keys) {
            Producer producer = new Producer(topic, total, perBurst, keys);
            producer.thread.start();
            return producer;
        }

        int sent() throws InterruptedException {
            thread.join(60_000);
            return sent.get();
        }

        void stop() {
            stop.set(true);
        }
    }
}
