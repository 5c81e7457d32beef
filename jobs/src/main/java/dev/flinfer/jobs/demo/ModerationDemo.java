package dev.flinfer.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.jobs.FlinferJob;
import dev.flinfer.jobs.JobOptions;
import dev.flinfer.jobs.local.EmbeddedKafka;
import dev.flinfer.models.samples.SampleImages;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The moderation part of the demo: posts with text, an image (drawn in code: a landscape, a line
 * drawing, shaded skin-toned shapes that nsfwjs takes for Hentai, a cartoon) or both go through the
 * moderation job (the composed zero-shot text classifier, the nsfw-mobilenet-v2 image-safety model,
 * the demo policy) and come out on the approved, review and blocked topics; a post with neither
 * part goes to the dead-letter topic.
 */
final class ModerationDemo {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Topics of its own, so that it runs beside the text part in {@code demo all}. */
    private static final String INPUT = "moderation-posts";

    private static final List<String> TOPICS =
            List.of(
                    "moderation-approved",
                    "moderation-review",
                    "moderation-blocked",
                    "moderation-dead-letters");
    private static final String[][] POSTS = {
        {"text", "Had a great time hiking with my sister this morning, the views were amazing."},
        {"text", "Does anyone have a good recipe for banana bread?"},
        {"text", "You are a pathetic moron and everybody at school laughs at you."},
        {"text", "I'm going to find you after school and beat you until you bleed."},
        {"text", "CHEAP VIAGRA!!! Order now at www.pills-discount.biz, 90% off!!!"},
        {"text", "You have been selected to win an iPhone 15, click here to claim your prize."},
        {"text", "I've been thinking about killing myself lately."},
        {"image", "neutral-landscape"},
        {"image", "line-drawing"},
        {"image", "shaded-skin-shapes"},
        {"both", "Happy birthday grandma, we love you so much!", "cartoon"},
        {"neither", ""}
    };

    private final String device;

    ModerationDemo(String device) {
        this.device = device;
    }

    int run(EmbeddedKafka kafka) throws Exception {
        System.out.println();
        System.out.println("== Moderation: posts routed to approved / review / blocked ==");
        Path policy = Files.createTempFile("flinfer-demo-policy", ".yaml");
        try (InputStream in =
                ModerationDemo.class.getResourceAsStream(
                        "/flinfer/policies/moderation-demo.yaml")) {
            Files.write(policy, in.readAllBytes());
        }
        System.out.println("Policy " + policy + ":");
        Files.readAllLines(policy).stream()
                .filter(l -> !l.startsWith("#"))
                .forEach(l -> System.out.println("  " + l));
        String servers = "kafka://" + kafka.bootstrapServers() + "/";
        kafka.createTopic(INPUT, 1);
        TOPICS.forEach(t -> kafka.createTopic(t, 1));
        JobOptions options = new JobOptions();
        options.task = JobOptions.Task.MODERATION;
        options.device = device;
        options.batchSize = 8;
        options.policy = policy.toString();
        options.input = servers + INPUT;
        options.approved = servers + TOPICS.get(0);
        options.review = servers + TOPICS.get(1);
        options.blocked = servers + TOPICS.get(2);
        options.deadLetter = servers + TOPICS.get(3);
        options.checkpointIntervalMs = DemoKafka.CHECKPOINT_INTERVAL_MS;
        options.jobName = "flinfer-demo-moderation";
        JobClient job = FlinferJob.startAsync(options);
        try {
            send(kafka);
            return report(kafka);
        } finally {
            job.cancel().get();
            Files.deleteIfExists(policy);
        }
    }

    private static void send(EmbeddedKafka kafka) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = DemoKafka.producer(kafka)) {
            for (int i = 0; i < POSTS.length; i++) {
                String id = "post-" + i;
                ObjectNode post = JSON.createObjectNode().put("id", id);
                String kind = POSTS[i][0];
                if (kind.equals("text") || kind.equals("both")) {
                    post.put("text", POSTS[i][1]);
                }
                if (kind.equals("image") || kind.equals("both")) {
                    String sample = POSTS[i][kind.equals("both") ? 2 : 1];
                    post.put("image", Base64.getEncoder().encodeToString(SampleImages.png(sample)));
                    post.put("image_note", sample + ", drawn");
                }
                producer.send(
                        new ProducerRecord<>(
                                INPUT,
                                id.getBytes(StandardCharsets.UTF_8),
                                JSON.writeValueAsBytes(post)));
            }
        }
    }

    private static int report(EmbeddedKafka kafka) throws Exception {
        int seen = 0;
        long deadline = System.currentTimeMillis() + 120_000;
        try (KafkaConsumer<byte[], byte[]> consumer =
                DemoKafka.consumer(kafka, "demo-moderation-reader")) {
            consumer.subscribe(TOPICS);
            while (seen < POSTS.length && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen++;
                    print(r.topic(), JSON.readTree(r.value()));
                }
            }
        }
        System.out.printf("%d of %d posts came out%n", seen, POSTS.length);
        return seen == POSTS.length ? 0 : 1;
    }

    private static void print(String topic, JsonNode post) {
        if (topic.endsWith("dead-letters")) {
            System.out.printf("  %-16s %s%n", topic, post.path("reason").asText());
            return;
        }
        JsonNode m = post.path("moderation");
        String what =
                post.has("text")
                        ? DemoKafka.quote(post.path("text").asText())
                        : "[image: " + post.path("image_note").asText() + "]";
        if (post.has("text") && post.has("image")) {
            what += " + [image: " + post.path("image_note").asText() + "]";
        }
        String why = m.path("reasons").isEmpty() ? "" : "  <- " + m.path("reasons").get(0).asText();
        System.out.printf("  %-16s %s%s%n", topic, what, why);
    }
}
