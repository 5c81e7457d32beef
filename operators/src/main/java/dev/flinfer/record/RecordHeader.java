package dev.flinfer.record;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/** One Kafka record header: a key and its raw value bytes (null allowed). */
@PublicEvolving
public final class RecordHeader {
    public String key;
    public byte[] value;

    /** For Flink's POJO serializer. */
    public RecordHeader() {}

    public RecordHeader(String key, byte[] value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader h
                && Objects.equals(key, h.key)
                && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(key) + Arrays.hashCode(value);
    }
}
