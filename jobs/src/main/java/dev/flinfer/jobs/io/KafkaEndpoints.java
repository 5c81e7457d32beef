package dev.flinfer.jobs.io;

import dev.flinfer.kafka.SourceRecordDeserializer;
import dev.flinfer.record.SourceRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Kafka sources and sinks of the jobs, set up for exactly-once (or at-least-once) end to end. */
public final class KafkaEndpoints {
    /**
     * Kafka transactions of the exactly-once sink time out after this long; it must exceed the
     * checkpoint interval and stay below the broker's {@code transaction.max.timeout.ms} (15
     * minutes by default).
     */
    public static final long TRANSACTION_TIMEOUT_MS = 600_000;

    /**
     * Client-side cap on one produce request; dead letters are bounded below it by their
     * serializer.
     */
    public static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;

    private KafkaEndpoints() {}

    /**
     * Reads committed records of {@code endpoint}'s topic from the group's offsets, else from the
     * start.
     */
    @SuppressWarnings("deprecation") // OffsetResetStrategy is what this connector version takes
    public static KafkaSource<SourceRecord> source(Endpoint endpoint, String groupId) {
        return KafkaSource.<SourceRecord>builder()
                .setBootstrapServers(endpoint.servers())
                .setTopics(endpoint.topic())
                .setGroupId(groupId)
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new SourceRecordDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /** Writes to {@code endpoint}'s topic in Kafka transactions (exactly-once) or with acks=all. */
    public static <T> KafkaSink<T> sink(
            Endpoint endpoint,
            KafkaRecordSerializationSchema<T> serializer,
            boolean exactlyOnce,
            String transactionalIdPrefix) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(endpoint.servers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(
                        exactlyOnce
                                ? DeliveryGuarantee.EXACTLY_ONCE
                                : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT_MS))
                .setProperty("acks", "all")
                .setProperty("enable.idempotence", "true")
                // the serializers bound what they write; the client passes it, the broker decides
                .setProperty("max.request.size", Integer.toString(MAX_REQUEST_BYTES))
                .build();
    }
}
