package dev.flinfer.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.JobOptions;
import dev.flinfer.jobs.local.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The image part of the demo: lines of text drawn with Java2D, half of them upside down, go through
 * Kafka as raw PNG and JPEG bytes; the image-classification job with PaddleOCR's pretrained
 * text-orientation model labels them; hostile images go to the dead-letter topic.
 */
final class ImageDemo {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String INPUT = "text-lines";
    static final String OUTPUT = "text-lines-classified";
    static final String DEAD_LETTERS = "text-lines-dead-letters";

    private final int images;
    private final String device;

    ImageDemo(int images, String device) {
        this.images = images;
        this.device = device;
    }

    /** Runs the image part on {@code kafka}; returns 0 when every record came out. */
    int run(EmbeddedKafka kafka) throws Exception {
        System.out.println();
        System.out.println("== Image classification: is this text line upside down? ==");
        JobOptions options = new JobOptions();
        options.task = JobOptions.Task.IMAGE_CLASSIFICATION;
        options.device = device;
        options.batchSize = 16;
        options.topK = 1;
        JobClient job = DemoKafka.startJob(kafka, options, INPUT, OUTPUT, DEAD_LETTERS, 1);
        try {
            return sendAndReport(kafka);
        } finally {
            job.cancel().get();
        }
    }

    private int sendAndReport(EmbeddedKafka kafka) throws Exception {
        Map<String, Boolean> truth = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, byte[]> hostile = HostileImages.samples();
        try (KafkaProducer<byte[], byte[]> producer = DemoKafka.producer(kafka)) {
            for (int i = 0; i < images; i++) {
                String id = "line-" + i;
                boolean upsideDown = i % 2 == 1;
                String text = TextLineRenderer.randomLine(i);
                byte[] bytes =
                        TextLineRenderer.render(text, upsideDown, i % 3 == 0 ? "jpg" : "png", i);
                truth.put(id, upsideDown);
                texts.put(id, text);
                producer.send(
                        new ProducerRecord<>(INPUT, id.getBytes(StandardCharsets.UTF_8), bytes));
            }
            for (Map.Entry<String, byte[]> bad : hostile.entrySet()) {
                producer.send(
                        new ProducerRecord<>(
                                INPUT,
                                bad.getKey().getBytes(StandardCharsets.UTF_8),
                                bad.getValue()));
            }
        }
        System.out.printf(
                "Sent %d rendered text lines (half upside down, PNG and JPEG) and %d hostile"
                        + " images%n",
                images, hostile.size());
        int expected = images + hostile.size();
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        Map<String, JsonNode> deadLetters = new LinkedHashMap<>();
        long deadline = System.currentTimeMillis() + 180_000;
        try (KafkaConsumer<byte[], byte[]> consumer =
                DemoKafka.consumer(kafka, "flinfer-demo-images")) {
            consumer.subscribe(java.util.List.of(OUTPUT, DEAD_LETTERS));
            while (outputs.size() + deadLetters.size() < expected
                    && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    JsonNode value = JSON.readTree(record.value());
                    (record.topic().equals(OUTPUT) ? outputs : deadLetters).put(key, value);
                }
            }
        }
        int correct = 0;
        System.out.println();
        System.out.println("Predictions (topic " + OUTPUT + "):");
        int shown = 0;
        for (Map.Entry<String, JsonNode> output : outputs.entrySet()) {
            JsonNode best = output.getValue().path("classification").path("labels").path(0);
            boolean predictedUpsideDown = best.path("label").asText().equals("upside_down");
            boolean right = predictedUpsideDown == truth.get(output.getKey());
            correct += right ? 1 : 0;
            if (shown++ < 10) {
                System.out.printf(
                        "  %-8s %-34s drawn %-11s -> %-11s %.3f %s%n",
                        output.getKey(),
                        DemoKafka.quote(texts.get(output.getKey())),
                        truth.get(output.getKey()) ? "upside_down" : "upright",
                        best.path("label").asText(),
                        best.path("score").asDouble(),
                        right ? "ok" : "WRONG");
            }
        }
        System.out.println();
        System.out.println("Dead letters (topic " + DEAD_LETTERS + "):");
        for (Map.Entry<String, JsonNode> dead : deadLetters.entrySet()) {
            System.out.printf(
                    "  %-18s %-22s %s%n",
                    dead.getKey(),
                    dead.getValue().path("code").asText(),
                    dead.getValue().path("reason").asText());
        }
        System.out.println();
        System.out.printf(
                "Summary: %d images in, %d classified (%d correct, %.1f%%), %d dead letters%n",
                expected,
                outputs.size(),
                correct,
                100.0 * correct / Math.max(1, outputs.size()),
                deadLetters.size());
        return outputs.size() + deadLetters.size() == expected ? 0 : 1;
    }
}
