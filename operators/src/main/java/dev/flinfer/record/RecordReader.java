package dev.flinfer.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Reads what a model needs out of a Kafka record: the event to enrich and the one value the model
 * takes (a text, image bytes, a post). A record it cannot read is a {@link BadRecordException}.
 *
 * <pre>{@code
 * RecordReader.Read<String> read = new TextFieldReader("text", 100_000, 4 << 20).read(record);
 * }</pre>
 *
 * @param <V> the value the model takes
 */
@PublicEvolving
@FunctionalInterface
public interface RecordReader<V> {

    /** The event to add the result to, and the model's value. */
    Read<V> read(SourceRecord record) throws BadRecordException;

    /** What a reader read. */
    @PublicEvolving
    record Read<V>(ObjectNode event, V value) {}
}
