package dev.flinfer.record;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A record that could not be processed, with the reason and the record exactly as it arrived, so
 * that it can be inspected and replayed. {@code code} is a stable machine-readable kind (see {@link
 * BadRecordException}), {@code reason} a sentence for people.
 */
@PublicEvolving
public final class DeadLetter {
    public String code;
    public String reason;
    public String stage;
    public String model;
    public long failedAtMillis;
    public SourceRecord record;

    /** For Flink's POJO serializer. */
    public DeadLetter() {}

    public DeadLetter(String code, String reason, String stage, String model, SourceRecord record) {
        this.code = code;
        this.reason = reason;
        this.stage = stage;
        this.model = model;
        this.record = record;
        this.failedAtMillis = System.currentTimeMillis();
    }

    @Override
    public String toString() {
        return "DeadLetter{"
                + code
                + ": "
                + reason
                + " at "
                + (record == null ? "?" : record.position())
                + "}";
    }
}
