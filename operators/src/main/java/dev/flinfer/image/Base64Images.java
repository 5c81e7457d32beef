package dev.flinfer.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.JsonRecords;
import java.util.Base64;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The one reader of base64 images in JSON events (image classification with JSON input, the image
 * of a moderated post), with one size rule: a record may hold the largest encoded image the limits
 * allow, as base64 (4/3 of its bytes), plus {@link #ROOM_FOR_THE_REST} for the rest of the event.
 *
 * <pre>{@code
 * Base64Images images = new Base64Images("image", ImageLimits.DEFAULT);
 * ObjectNode event = JsonRecords.parseObject(record, images.maxRecordBytes());
 * byte[] encoded = images.read(event);
 * }</pre>
 */
@PublicEvolving
public final class Base64Images {
    /** Room in a record for the fields beside the image (a post's text, ids, metadata). */
    public static final int ROOM_FOR_THE_REST = 4 * 1024 * 1024;

    private final String field;
    private final int maxRecordBytes;

    public Base64Images(String field, ImageLimits limits) {
        this.field = field;
        this.maxRecordBytes =
                (int)
                        Math.min(
                                Integer.MAX_VALUE - 8,
                                (long) limits.maxEncodedBytes() * 4 / 3 + ROOM_FOR_THE_REST);
    }

    /** The largest record that may hold an image within the limits. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** The image bytes in the event's field; a bad record when missing or not base64. */
    public byte[] read(ObjectNode event) throws BadRecordException {
        String base64 = JsonRecords.requireText(event, field, maxRecordBytes);
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(
                    BadRecordException.WRONG_TYPE,
                    "field '" + field + "' is not valid base64: " + e.getMessage());
        }
    }
}
