package dev.flinfer.kafka;

import dev.flinfer.record.DeadLetter;
import dev.flinfer.record.DeadLetterJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes dead letters to a topic as {@link DeadLetterJson}, with the original key (so a dead letter
 * lands beside its key's other records) and the original headers plus {@code
 * flinfer.dead-letter.code}.
 */
@PublicEvolving
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;
    public static final String CODE_HEADER = "flinfer.dead-letter.code";

    /**
     * Kafka's default largest message (broker {@code message.max.bytes}), less room for headers.
     */
    public static final int DEFAULT_MAX_BYTES = 1_000_000;

    private final String topic;
    private final int maxBytes;

    public DeadLetterSerializer(String topic) {
        this(topic, DEFAULT_MAX_BYTES);
    }

    /**
     * Dead letters larger than {@code maxBytes} keep a prefix of the original value and its SHA-256
     * (see {@link DeadLetterJson#toBytes(DeadLetter, int)}); raise it with the topic's {@code
     * max.message.bytes}.
     */
    public DeadLetterSerializer(String topic, int maxBytes) {
        this.topic = topic;
        this.maxBytes = maxBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter deadLetter, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = SourceRecordSerializer.headers(deadLetter.record.headers);
        headers.add(CODE_HEADER, deadLetter.code.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(
                topic,
                null,
                null,
                deadLetter.record.key,
                DeadLetterJson.toBytes(deadLetter, maxBytes),
                headers);
    }
}
