package dev.flinfer.moderation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.image.ImageDecoder;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.JsonRecords;
import dev.flinfer.vision.ImageClassificationModel;
import java.util.Base64;

/** Reads the base64 image field of a post, decodes it safely and preprocesses it. */
final class ImageInput {
    private final ImageClassificationModel model;
    private final String field;
    private final ImageDecoder decoder;
    private final int maxRecordBytes;

    ImageInput(ImageClassificationModel model, String field, ImageLimits limits) {
        this.model = model;
        this.field = field;
        this.decoder = new ImageDecoder(limits);
        // base64 takes 4/3 of the bytes, plus room for the text and the rest of the post
        this.maxRecordBytes =
                (int)
                        Math.min(
                                Integer.MAX_VALUE - 8,
                                (long) limits.maxEncodedBytes() * 4 / 3 + 4 * 1024 * 1024);
    }

    int maxRecordBytes() {
        return maxRecordBytes;
    }

    float[] pixels(ObjectNode event) throws BadRecordException {
        String base64 = JsonRecords.requireText(event, field, maxRecordBytes);
        byte[] image;
        try {
            image = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(
                    BadRecordException.WRONG_TYPE,
                    "field '" + field + "' is not valid base64: " + e.getMessage());
        }
        return model.preprocessor().toTensor(decoder.decode(image));
    }
}
