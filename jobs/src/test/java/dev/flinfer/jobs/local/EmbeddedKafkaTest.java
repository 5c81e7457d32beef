package dev.flinfer.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EmbeddedKafkaTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void committedTransactionsAreVisibleAndAbortedOnesAreNot() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            kafka.createTopic("events", 3);
            try (Admin admin = Admin.create(adminConfig(kafka))) {
                assertThat(admin.describeTopics(List.of("events")).allTopicNames().get())
                        .hasEntrySatisfying(
                                "events", topic -> assertThat(topic.partitions()).hasSize(3));
            }

            try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 6; i++) {
                    producer.send(new ProducerRecord<>("events", "key-" + i, "committed-" + i));
                }
                producer.commitTransaction();
                producer.beginTransaction();
                for (int i = 0; i < 6; i++) {
                    producer.send(new ProducerRecord<>("events", "key-" + i, "aborted-" + i));
                }
                producer.flush();
                producer.abortTransaction();
            }

            assertThat(readCommitted(kafka, "events", 6))
                    .containsExactlyInAnyOrder(
                            "committed-0",
                            "committed-1",
                            "committed-2",
                            "committed-3",
                            "committed-4",
                            "committed-5");
        } finally {
            kafka.close();
        }
        assertThatCode(kafka::close).doesNotThrowAnyException();
    }

    private static Map<String, Object> adminConfig(EmbeddedKafka kafka) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "embedded-kafka-test",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new StringSerializer(),
                new StringSerializer());
    }

    /**
     * Reads {@code topic} with read_committed until {@code expected} values arrived, then a little
     * longer so that any aborted record that leaked through would be seen too.
     */
    private static List<String> readCommitted(EmbeddedKafka kafka, String topic, int expected) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-test",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> values.add(r.value()));
        }
        return values;
    }
}
