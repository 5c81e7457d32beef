package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.demo.HostileImages;
import dev.flinfer.jobs.demo.TextLineRenderer;
import dev.flinfer.models.vit.VitConfig;
import dev.flinfer.models.vit.VitGenerator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image-classification job between a real in-process Kafka broker and a MiniCluster,
 * exactly-once.
 */
@Timeout(300)
class ImageClassificationKafkaITCase extends KafkaAndFlinkTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JobClient startJob(
            String topic, String model, JobOptions.InputFormatOption format) throws Exception {
        JobOptions options =
                options(
                        JobOptions.Task.IMAGE_CLASSIFICATION,
                        topic,
                        topic + "-out",
                        topic + "-dlq",
                        2);
        options.model = model;
        options.inputFormat = format;
        options.batchSize = 8;
        options.topK = 0;
        return FlinferJob.startAsync(options);
    }

    private static void createTopics(String topic) {
        kafka.createTopic(topic, 2);
        kafka.createTopic(topic + "-out", 2);
        kafka.createTopic(topic + "-dlq", 1);
    }

    private static Map<String, JsonNode> consume(String topic, int expected) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records =
                KafkaTestClient.consumeUntil(
                        kafka.bootstrapServers(),
                        topic,
                        r -> r.size() >= expected,
                        Duration.ofMinutes(3));
        Map<String, JsonNode> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            assertThat(byKey.put(key, JSON.readTree(record.value())))
                    .as("duplicate " + key)
                    .isNull();
        }
        return byKey;
    }

    @Test
    void thePretrainedOrientationModelTellsUprightFromUpsideDownText() throws Exception {
        List<byte[][]> events = new ArrayList<>();
        Map<String, Boolean> truth = new HashMap<>();
        for (int i = 0; i < 48; i++) {
            boolean upsideDown = i % 2 == 0;
            String id = "line-" + i;
            truth.put(id, upsideDown);
            byte[] image =
                    TextLineRenderer.render(
                            TextLineRenderer.randomLine(1000 + i),
                            upsideDown,
                            i % 3 == 0 ? "jpg" : "png",
                            1000 + i);
            events.add(new byte[][] {id.getBytes(StandardCharsets.UTF_8), image});
        }
        Map<String, byte[]> hostile = new HashMap<>();
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        hostile.put("random", random);
        byte[] jpeg = TextLineRenderer.render("short line", false, "jpg", 3);
        hostile.put("truncated", java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
        hostile.put("bomb", HostileImages.pngHeaderOnly(100_000, 100_000));
        hostile.put("empty", new byte[0]);
        hostile.forEach((k, v) -> events.add(new byte[][] {k.getBytes(StandardCharsets.UTF_8), v}));
        createTopics("lines");
        KafkaTestClient.produce(kafka.bootstrapServers(), "lines", events);

        JobClient job = startJob("lines", "text-orientation", JobOptions.InputFormatOption.RAW);
        Map<String, JsonNode> out;
        Map<String, JsonNode> dead;
        try {
            out = consume("lines-out", 48);
            dead = consume("lines-dlq", 4);
        } finally {
            job.cancel().get();
        }
        assertThat(out).hasSize(48);
        assertThat(dead).containsOnlyKeys(hostile.keySet());
        int correct = 0;
        for (Map.Entry<String, JsonNode> entry : out.entrySet()) {
            JsonNode labels = entry.getValue().path("classification").path("labels");
            assertThat(labels).hasSize(2);
            assertThat(
                            labels.get(0).path("score").asDouble()
                                    + labels.get(1).path("score").asDouble())
                    .isBetween(0.999, 1.001);
            boolean predicted = labels.get(0).path("label").asText().equals("upside_down");
            correct += predicted == truth.get(entry.getKey()) ? 1 : 0;
            assertThat(entry.getValue().path("id").asText()).isEqualTo(entry.getKey());
        }
        assertThat(correct).as("correct of 48").isGreaterThanOrEqualTo(46);
        for (Map.Entry<String, JsonNode> entry : dead.entrySet()) {
            JsonNode letter = entry.getValue();
            assertThat(letter.path("code").asText()).startsWith("image-");
            assertThat(Base64.getDecoder().decode(letter.path("value_base64").asText()))
                    .isEqualTo(hostile.get(entry.getKey()));
        }
        assertThat(dead.get("bomb").path("code").asText()).isEqualTo("image-too-many-pixels");
        assertThat(dead.get("empty").path("code").asText()).isEqualTo("image-empty");
    }

    @Test
    void aGeneratedVitClassifiesJsonEventsWithBase64ImagesExactlyOnce(@TempDir Path dir)
            throws Exception {
        Path vit = dir.resolve("vit-small");
        VitGenerator.generate(VitConfig.small(4), vit, false);
        List<byte[][]> events = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 60; i++) {
            BufferedImage image =
                    new BufferedImage(
                            40 + random.nextInt(60),
                            30 + random.nextInt(60),
                            BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, random.nextInt(0xFFFFFF));
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, i % 2 == 0 ? "png" : "jpg", png);
            String event =
                    JSON.createObjectNode()
                            .put("id", "img-" + i)
                            .put("image", Base64.getEncoder().encodeToString(png.toByteArray()))
                            .toString();
            events.add(
                    new byte[][] {
                        ("img-" + i).getBytes(StandardCharsets.UTF_8),
                        event.getBytes(StandardCharsets.UTF_8)
                    });
        }
        events.add(
                new byte[][] {
                    "not-base64".getBytes(StandardCharsets.UTF_8),
                    "{\"id\": \"not-base64\", \"image\": \"%%%\"}".getBytes(StandardCharsets.UTF_8)
                });
        createTopics("vit");
        KafkaTestClient.produce(kafka.bootstrapServers(), "vit", events);

        JobClient job = startJob("vit", vit.toString(), JobOptions.InputFormatOption.JSON);
        Map<String, JsonNode> out;
        Map<String, JsonNode> dead;
        try {
            out = consume("vit-out", 60);
            dead = consume("vit-dlq", 1);
        } finally {
            job.cancel().get();
        }
        assertThat(out).hasSize(60);
        assertThat(dead).containsOnlyKeys("not-base64");
        for (JsonNode value : out.values()) {
            JsonNode result = value.path("classification");
            assertThat(result.path("model").asText()).isEqualTo("vit-small");
            assertThat(result.path("labels")).hasSize(4);
            assertThat(value.path("image").isTextual()).isTrue();
        }
    }
}
