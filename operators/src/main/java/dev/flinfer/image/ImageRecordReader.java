package dev.flinfer.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.JsonRecords;
import dev.flinfer.record.RecordReader;
import dev.flinfer.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Reads the image of a record: the record value itself ({@code raw}; the event is a new object with
 * the record's key as id, where it came from and its size), or base64 in a field of a JSON event
 * ({@code json}; the event is that object).
 *
 * <pre>{@code
 * RecordReader<byte[]> reader = ImageRecordReader.raw();
 * RecordReader<byte[]> json = ImageRecordReader.json(new Base64Images("image", ImageLimits.DEFAULT));
 * }</pre>
 */
@PublicEvolving
public final class ImageRecordReader {
    private ImageRecordReader() {}

    /** The record value is the encoded image; its key is the id. */
    public static RecordReader<byte[]> raw() {
        return ImageRecordReader::readRaw;
    }

    /** The record value is a JSON object with the image as base64. */
    public static RecordReader<byte[]> json(Base64Images images) {
        return record -> {
            ObjectNode event = JsonRecords.parseObject(record, images.maxRecordBytes());
            return new RecordReader.Read<>(event, images.read(event));
        };
    }

    private static RecordReader.Read<byte[]> readRaw(SourceRecord record)
            throws BadRecordException {
        if (record.value == null) {
            throw new BadRecordException(
                    BadRecordException.NULL_VALUE, "the record has no value (null)");
        }
        ObjectNode event = JsonRecords.newObject();
        event.put("id", record.key == null ? null : new String(record.key, StandardCharsets.UTF_8));
        event.putObject("source")
                .put("topic", record.topic)
                .put("partition", record.partition)
                .put("offset", record.offset);
        event.put("image_bytes", record.value.length);
        return new RecordReader.Read<>(event, record.value);
    }
}
