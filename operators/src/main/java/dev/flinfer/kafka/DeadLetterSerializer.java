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

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
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
                DeadLetterJson.toBytes(deadLetter),
                headers);
    }
}
