package dev.flinfer.kafka;

import dev.flinfer.record.RecordHeader;
import dev.flinfer.record.SourceRecord;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads Kafka records as {@link SourceRecord}s without decoding anything: every record, null values
 * included, reaches the operator, which dead-letters what it cannot use.
 *
 * <pre>{@code
 * KafkaSource<SourceRecord> source = KafkaSource.<SourceRecord>builder()
 *         .setBootstrapServers(servers).setTopics("texts")
 *         .setDeserializer(new SourceRecordDeserializer())
 *         .build();
 * }</pre>
 */
@PublicEvolving
public final class SourceRecordDeserializer
        implements KafkaRecordDeserializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        SourceRecord source =
                new SourceRecord(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.key(),
                        record.value());
        for (Header header : record.headers()) {
            source.headers.add(new RecordHeader(header.key(), header.value()));
        }
        out.collect(source);
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
