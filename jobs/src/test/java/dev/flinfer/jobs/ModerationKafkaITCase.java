package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The moderation job between a real in-process Kafka broker and a MiniCluster, exactly-once: posts
 * written for the test (abusive, spam, self-harm, benign; text, image, both) are scored by the
 * composed zero-shot text classifier and the image-safety model nsfw-mobilenet-v2 (nsfwjs,
 * converted), and routed by the demo policy to approved / review / blocked, bad posts to the
 * dead-letter topic.
 */
@Timeout(300)
class ModerationKafkaITCase extends KafkaAndFlinkTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void postsAreRoutedByDecisionEachExactlyOnceWithCountsConservedAndOrderPerKeyKept(
            @TempDir Path dir) throws Exception {
        ModerationPosts posts = ModerationPosts.standard();
        for (int seq = 0; seq < 8; seq++) {
            posts.thread("thread-a", seq);
            posts.thread("thread-b", seq);
        }
        List<byte[][]> records = new ArrayList<>(posts.records);
        Map<String, byte[]> bad = ModerationPosts.bad();
        bad.forEach((k, v) -> records.add(new byte[][] {k.getBytes(StandardCharsets.UTF_8), v}));
        String servers = kafka.bootstrapServers();
        for (String topic : List.of("posts", "approved", "review", "blocked")) {
            kafka.createTopic(topic, 2);
        }
        kafka.createTopic("posts-dlq", 1);
        KafkaTestClient.produce(servers, "posts", records);

        JobOptions options = options(JobOptions.Task.MODERATION, "posts", "unused", "posts-dlq", 2);
        options.output = null;
        options.approved = "kafka://" + servers + "/approved";
        options.review = "kafka://" + servers + "/review";
        options.blocked = "kafka://" + servers + "/blocked";
        options.policy = demoPolicy(dir).toString();
        options.batchSize = 8;
        Map<String, String> want = posts.expected;
        long approved = want.values().stream().filter("approved"::equals).count();
        long review = want.values().stream().filter("review"::equals).count();
        long blocked = want.values().stream().filter("blocked"::equals).count();

        JobClient job = FlinferJob.startAsync(options);
        List<ConsumerRecord<byte[], byte[]>> approvedOut;
        List<ConsumerRecord<byte[], byte[]>> reviewOut;
        List<ConsumerRecord<byte[], byte[]>> blockedOut;
        List<ConsumerRecord<byte[], byte[]>> deadOut;
        try {
            approvedOut = consume("approved", approved);
            reviewOut = consume("review", review);
            blockedOut = consume("blocked", blocked);
            deadOut = consume("posts-dlq", bad.size());
        } finally {
            job.cancel().get();
        }

        Map<String, String> got = new HashMap<>();
        collect(approvedOut, "approved", got);
        collect(reviewOut, "review", got);
        collect(blockedOut, "blocked", got);
        assertThat(got).as("decision of each post").isEqualTo(want);
        assertThat(approvedOut.size() + reviewOut.size() + blockedOut.size() + deadOut.size())
                .as("in = approved + review + blocked + dead letters")
                .isEqualTo(records.size());

        Map<String, byte[]> deadByKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : deadOut) {
            JsonNode letter = JSON.readTree(record.value());
            deadByKey.put(
                    new String(record.key(), StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(letter.path("value_base64").asText()));
        }
        assertThat(deadByKey).containsOnlyKeys(bad.keySet());
        bad.forEach((k, v) -> assertThat(deadByKey.get(k)).isEqualTo(v));

        for (String thread : List.of("thread-a", "thread-b")) {
            List<Integer> seqs = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : approvedOut) {
                if (thread.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    seqs.add(JSON.readTree(record.value()).path("seq").asInt());
                }
            }
            assertThat(seqs).as("order of " + thread).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        }

        JsonNode both = find(blockedOut, "both-threat");
        JsonNode moderation = both.path("moderation");
        assertThat(moderation.path("reasons").get(0).asText()).startsWith("text: threat");
        assertThat(moderation.path("text").path("model").asText())
                .isEqualTo("moderation-minilm-zeroshot-prototypes");
        assertThat(moderation.path("text").path("model_version").asText()).startsWith("sha256:");
        assertThat(moderation.path("text").path("labels")).hasSize(4);
        assertThat(moderation.path("image").path("model").asText()).isEqualTo("nsfw-mobilenet-v2");
        JsonNode shaded = find(blockedOut, "image-shaded-skin").path("moderation");
        assertThat(shaded.has("text")).isFalse();
        assertThat(shaded.path("reasons").get(0).asText()).startsWith("image: Hentai");
        assertThat(shaded.path("image").path("labels")).hasSize(5);
        JsonNode birthday = find(blockedOut, "both-shaded-skin").path("moderation");
        assertThat(birthday.path("reasons")).hasSize(1);
        assertThat(birthday.path("reasons").get(0).asText()).startsWith("image: Hentai");
    }

    static Path demoPolicy(Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        try (InputStream in =
                ModerationKafkaITCase.class.getResourceAsStream(
                        "/flinfer/policies/moderation-demo.yaml")) {
            Files.write(policy, in.readAllBytes());
        }
        return policy;
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(String topic, long expected) {
        return KafkaTestClient.consumeUntil(
                kafka.bootstrapServers(), topic, r -> r.size() >= expected, Duration.ofMinutes(3));
    }

    private static void collect(
            List<ConsumerRecord<byte[], byte[]>> records, String topic, Map<String, String> got)
            throws Exception {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode post = JSON.readTree(record.value());
            String id = post.path("id").asText();
            assertThat(got.put(id, topic)).as("duplicate " + id).isNull();
            assertThat(post.path("moderation").path("decision").asText()).isEqualTo(topic);
            Header header = record.headers().lastHeader("flinfer.moderation.decision");
            assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo(topic);
        }
    }

    private static JsonNode find(List<ConsumerRecord<byte[], byte[]>> records, String id)
            throws Exception {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode post = JSON.readTree(record.value());
            if (post.path("id").asText().equals(id)) {
                return post;
            }
        }
        throw new AssertionError("no post " + id);
    }
}
