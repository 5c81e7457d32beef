package dev.flinfer.flink.internal;

import dev.flinfer.record.SourceRecord;
import org.apache.flink.annotation.Internal;

/**
 * What reaches a versioned model's async operator: a record, or a model command in its place in the
 * stream. A record's versions are written into it when it is first routed; Flink's async operator
 * checkpoints the element itself, so a record replayed after a restore carries the versions of its
 * first attempt.
 */
@Internal
public final class VersionedInput {
    public SourceRecord record;
    public byte[] command;

    /** The version that serves the record, 0 until it is routed. */
    public int version;

    /** The shadow version the record also runs on, 0 for none. */
    public int shadow;

    /** For Flink's POJO serializer. */
    public VersionedInput() {}

    public static VersionedInput record(SourceRecord record) {
        VersionedInput input = new VersionedInput();
        input.record = record;
        return input;
    }

    public static VersionedInput command(byte[] command) {
        VersionedInput input = new VersionedInput();
        input.command = command;
        return input;
    }

    public boolean isCommand() {
        return command != null;
    }
}
