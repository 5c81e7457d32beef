package dev.flinfer.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.JobOptions;
import dev.flinfer.jobs.local.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The text part of the demo: the text-embedding job exactly-once between Kafka topics, sample posts
 * in (and a few bad ones), enriched records, dead letters, nearest neighbours and a summary out.
 */
final class TextDemo {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String INPUT = "posts";
    static final String OUTPUT = "posts-embedded";
    static final String DEAD_LETTERS = "posts-dead-letters";

    private final int records;
    private final int rate;
    private final String model;
    private final String device;
    private final int batchSize;

    TextDemo(int records, int rate, String model, String device, int batchSize) {
        this.records = records;
        this.rate = rate;
        this.model = model;
        this.device = device;
        this.batchSize = batchSize;
    }

    /** Runs the text part on {@code kafka}; returns 0 when every record came out. */
    int run(EmbeddedKafka kafka) throws Exception {
        System.out.println();
        System.out.println("== Text embeddings from Kafka to Kafka, exactly-once ==");
        JobOptions options = new JobOptions();
        options.model = model;
        options.device = device;
        options.batchSize = batchSize;
        JobClient job = DemoKafka.startJob(kafka, options, INPUT, OUTPUT, DEAD_LETTERS, 2);
        try {
            return run(kafka, job);
        } finally {
            job.cancel().get();
        }
    }

    private int run(EmbeddedKafka kafka, JobClient job) throws Exception {
        List<byte[]> bad =
                List.of(
                        "{\"id\": \"bad-json\", \"text\": ".getBytes(StandardCharsets.UTF_8),
                        "{\"id\": \"bad-empty\", \"text\": \"\"}".getBytes(StandardCharsets.UTF_8),
                        "{\"id\": \"bad-no-text\", \"body\": \"hello\"}"
                                .getBytes(StandardCharsets.UTF_8),
                        new byte[] {
                            '{',
                            '"',
                            't',
                            'e',
                            'x',
                            't',
                            '"',
                            ':',
                            '"',
                            (byte) 0xC3,
                            (byte) 0x28,
                            '"',
                            '}'
                        });
        int total = records + bad.size();
        try (KafkaConsumer<byte[], byte[]> consumer =
                        DemoKafka.consumer(kafka, "flinfer-demo-text");
                KafkaProducer<byte[], byte[]> producer = DemoKafka.producer(kafka)) {
            consumer.subscribe(List.of(OUTPUT, DEAD_LETTERS));
            List<JsonNode> outputs = new ArrayList<>();
            List<JsonNode> deadLetters = new ArrayList<>();
            List<Long> latencies = new ArrayList<>();
            long submitted = System.currentTimeMillis();
            // One record first: it comes out once the model is loaded and warmed up and the first
            // checkpoint has committed its transaction; the measured run starts after it.
            producer.send(
                    new ProducerRecord<>(
                            INPUT,
                            null,
                            submitted,
                            "warm-up".getBytes(StandardCharsets.UTF_8),
                            "{\"id\": \"warm-up\", \"text\": \"The job is up.\"}"
                                    .getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            long readyBy = submitted + 180_000;
            while (outputs.isEmpty() && System.currentTimeMillis() < readyBy) {
                drain(consumer, Duration.ofMillis(100), outputs, deadLetters, latencies, submitted);
            }
            if (outputs.isEmpty()) {
                System.out.println("The job produced nothing within 180 s; see the log above.");
                return 1;
            }
            System.out.printf(
                    "First record through after %.1f s (job start, model load and warm-up, first"
                            + " checkpoint); now sending %d posts at %d/s, %d of them bad%n",
                    (System.currentTimeMillis() - submitted) / 1000.0, total, rate, bad.size());
            outputs.clear();
            latencies.clear();
            long start = System.currentTimeMillis();
            long intervalNanos = 1_000_000_000L / Math.max(1, rate);
            long next = System.nanoTime();
            long lastReceived = start;
            for (int i = 0; i < total; i++) {
                String key = i < records ? "post-" + i : "bad-" + (i - records);
                byte[] value =
                        i < records
                                ? JSON.createObjectNode()
                                        .put("id", key)
                                        .put(
                                                "text",
                                                SampleTexts.POSTS.get(i % SampleTexts.POSTS.size()))
                                        .toString()
                                        .getBytes(StandardCharsets.UTF_8)
                                : bad.get(i - records);
                producer.send(
                        new ProducerRecord<>(
                                INPUT,
                                null,
                                System.currentTimeMillis(),
                                key.getBytes(StandardCharsets.UTF_8),
                                value));
                next += intervalNanos;
                while (System.nanoTime() < next) {
                    lastReceived =
                            drain(
                                    consumer,
                                    Duration.ZERO,
                                    outputs,
                                    deadLetters,
                                    latencies,
                                    lastReceived);
                    Thread.sleep(1);
                }
            }
            producer.flush();
            long deadline = System.currentTimeMillis() + 180_000;
            while (outputs.size() + deadLetters.size() < total
                    && System.currentTimeMillis() < deadline) {
                lastReceived =
                        drain(
                                consumer,
                                Duration.ofMillis(200),
                                outputs,
                                deadLetters,
                                latencies,
                                lastReceived);
            }
            print(outputs, deadLetters, latencies, start, lastReceived);
            return outputs.size() + deadLetters.size() == total ? 0 : 1;
        }
    }

    private static long drain(
            KafkaConsumer<byte[], byte[]> consumer,
            Duration timeout,
            List<JsonNode> outputs,
            List<JsonNode> deadLetters,
            List<Long> latencies,
            long lastReceived)
            throws Exception {
        long last = lastReceived;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            long now = System.currentTimeMillis();
            JsonNode value = JSON.readTree(record.value());
            if (record.topic().equals(OUTPUT)) {
                outputs.add(value);
                latencies.add(now - record.timestamp());
            } else {
                deadLetters.add(value);
            }
            last = now;
        }
        return last;
    }

    private void print(
            List<JsonNode> outputs,
            List<JsonNode> deadLetters,
            List<Long> latencies,
            long start,
            long end) {
        System.out.println();
        System.out.println(
                "Enriched records (first 5 of " + outputs.size() + ", topic " + OUTPUT + "):");
        for (JsonNode output : outputs.subList(0, Math.min(5, outputs.size()))) {
            JsonNode embedding = output.path("embedding");
            JsonNode vector = embedding.path("vector");
            System.out.printf(
                    "  %-9s %-62s -> %s dims [%.4f, %.4f, %.4f, ...] %s%n",
                    output.path("id").asText(),
                    DemoKafka.quote(output.path("text").asText()),
                    embedding.path("dim").asText(),
                    vector.path(0).asDouble(),
                    vector.path(1).asDouble(),
                    vector.path(2).asDouble(),
                    embedding.path("model").asText());
        }
        System.out.println();
        System.out.println(
                "Dead letters (" + deadLetters.size() + ", topic " + DEAD_LETTERS + "):");
        for (JsonNode dead : deadLetters) {
            System.out.printf(
                    "  %-16s offset %s/%s: %s (original %s bytes kept)%n",
                    dead.path("code").asText(),
                    dead.path("source").path("partition").asText(),
                    dead.path("source").path("offset").asText(),
                    dead.path("reason").asText(),
                    dead.path("value_bytes").asText());
        }
        showNeighbours(outputs);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double seconds = Math.max(1, end - start) / 1000.0;
        System.out.println();
        System.out.printf(
                "Summary: %d records in, %d enriched, %d dead letters%n",
                records + 4, outputs.size(), deadLetters.size());
        System.out.printf(
                "  throughput %.0f records/s at an offered %d records/s (%.1f s from first send to last"
                        + " receive)%n",
                (outputs.size() + deadLetters.size()) / seconds, rate, seconds);
        if (sorted.length > 0) {
            System.out.printf(
                    "  latency Kafka to Kafka: p50 %d ms, p99 %d ms, max %d ms (includes the wait for"
                            + " the transaction to commit at the next checkpoint, every 1 s)%n",
                    DemoKafka.percentile(sorted, 0.50),
                    DemoKafka.percentile(sorted, 0.99),
                    sorted[sorted.length - 1]);
        }
    }

    private static void showNeighbours(List<JsonNode> outputs) {
        Map<String, float[]> byText = new LinkedHashMap<>();
        for (JsonNode output : outputs) {
            byText.putIfAbsent(output.path("text").asText(), vector(output));
        }
        if (byText.size() < 2) {
            return;
        }
        System.out.println();
        System.out.println("Nearest neighbours among the embedded posts (cosine):");
        List<String> texts = new ArrayList<>(byText.keySet());
        for (int q = 0; q < Math.min(3, texts.size()); q++) {
            String query = texts.get(q * 5 % texts.size());
            float[] vq = byText.get(query);
            String best = null;
            double bestScore = -2;
            for (String other : texts) {
                if (!other.equals(query)) {
                    double score = dot(vq, byText.get(other));
                    if (score > bestScore) {
                        bestScore = score;
                        best = other;
                    }
                }
            }
            System.out.printf(
                    "  %-62s ~ %s (%.3f)%n",
                    DemoKafka.quote(query), DemoKafka.quote(best), bestScore);
        }
    }

    private static float[] vector(JsonNode output) {
        JsonNode values = output.path("embedding").path("vector");
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i).floatValue();
        }
        return vector;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
