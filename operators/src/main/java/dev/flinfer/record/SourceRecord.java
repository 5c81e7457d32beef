package dev.flinfer.record;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A record as it came from its source: raw key and value bytes, headers and where it came from.
 * Nothing is decoded here, so that a record that turns out to be bad can be dead-lettered with its
 * original bytes.
 *
 * <p>A POJO so that Flink serializes it without Kryo. For a file source, {@code topic} holds the
 * file name, {@code partition} is 0 and {@code offset} the line number.
 */
@PublicEvolving
public final class SourceRecord {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;
    public List<RecordHeader> headers = new ArrayList<>();

    /** For Flink's POJO serializer. */
    public SourceRecord() {}

    public SourceRecord(
            String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    /** Where the record came from, for logs and dead letters: {@code topic/partition@offset}. */
    public String position() {
        return topic + "/" + partition + "@" + offset;
    }

    /** A copy of this record's coordinates, key and headers with another value. */
    public SourceRecord withValue(byte[] newValue) {
        SourceRecord copy = new SourceRecord(topic, partition, offset, timestamp, key, newValue);
        copy.headers = headers;
        return copy;
    }
}
