package dev.flinfer.kafka;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes JSON values as they are (model lifecycle events, shadow comparisons) to one topic, without
 * a key.
 */
@PublicEvolving
public final class JsonValueSerializer implements KafkaRecordSerializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public JsonValueSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            byte[] value, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, null, value);
    }
}
