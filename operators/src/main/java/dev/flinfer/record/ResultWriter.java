package dev.flinfer.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Writes a model's result for one record into its event and gives the output record (by default the
 * input record with the enriched event as its value, key and headers kept).
 *
 * <pre>{@code
 * ResultWriter<float[]> writer = (event, vector) -> event.putArray("vector") ...;
 * }</pre>
 *
 * @param <R> the model's result for one value
 */
@PublicEvolving
@FunctionalInterface
public interface ResultWriter<R> {

    /** Adds {@code result} to {@code event}. */
    void write(ObjectNode event, R result);

    /** The output record: {@code record} with {@code event}, now holding the result, as value. */
    default SourceRecord output(SourceRecord record, ObjectNode event, R result) {
        write(event, result);
        return record.withValue(JsonRecords.toBytes(event));
    }
}
