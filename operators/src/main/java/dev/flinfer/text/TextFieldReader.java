package dev.flinfer.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.JsonRecords;
import dev.flinfer.record.RecordReader;
import dev.flinfer.record.SourceRecord;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Reads the text of a JSON event: the record must be a JSON object of at most {@code
 * maxRecordBytes} with a non-blank string of at most {@code maxChars} in {@code field} ('/a/b' is a
 * JSON Pointer).
 *
 * <pre>{@code
 * RecordReader.Read<String> read = new TextFieldReader("text", 100_000, 4 << 20).read(record);
 * }</pre>
 */
@PublicEvolving
public final class TextFieldReader implements RecordReader<String> {
    private final String field;
    private final int maxChars;
    private final int maxRecordBytes;

    public TextFieldReader(String field, int maxChars, int maxRecordBytes) {
        this.field = field;
        this.maxChars = maxChars;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public Read<String> read(SourceRecord record) throws BadRecordException {
        ObjectNode event = JsonRecords.parseObject(record, maxRecordBytes);
        return new Read<>(event, JsonRecords.requireText(event, field, maxChars));
    }
}
