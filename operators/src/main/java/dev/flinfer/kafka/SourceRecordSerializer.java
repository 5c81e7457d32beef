package dev.flinfer.kafka;

import dev.flinfer.record.RecordHeader;
import dev.flinfer.record.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes enriched records to one topic with their original key, headers and timestamp. Records with
 * the same key land in the same partition, so per-key order carries through.
 *
 * <pre>{@code
 * KafkaSink<SourceRecord> sink = KafkaSink.<SourceRecord>builder()
 *         .setBootstrapServers(servers)
 *         .setRecordSerializer(new SourceRecordSerializer("embeddings"))
 *         .build();
 * }</pre>
 */
@PublicEvolving
public final class SourceRecordSerializer implements KafkaRecordSerializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public SourceRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            SourceRecord record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                null,
                record.timestamp > 0 ? record.timestamp : null,
                record.key,
                record.value,
                headers(record.headers));
    }

    static RecordHeaders headers(List<RecordHeader> headers) {
        List<Header> kafkaHeaders = new ArrayList<>(headers.size());
        for (RecordHeader header : headers) {
            kafkaHeaders.add(
                    new org.apache.kafka.common.header.internals.RecordHeader(
                            header.key, header.value));
        }
        return new RecordHeaders(kafkaHeaders);
    }
}
