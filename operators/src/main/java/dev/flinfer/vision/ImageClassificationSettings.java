package dev.flinfer.vision;

import dev.flinfer.image.ImageLimits;
import dev.flinfer.session.SessionSettings;
import java.io.Serializable;

/**
 * What an image-classification task needs to be built on a task manager.
 *
 * @param model bundled model name or bundle directory
 * @param session device and threads
 * @param inputFormat raw image bytes as the record value, or JSON with base64 image bytes
 * @param imageField JSON field holding base64 image bytes ('/a/b' is a JSON Pointer; JSON input
 *     only)
 * @param outputField field the labels are added under
 * @param topK labels per image (0 = all)
 * @param limits encoded size and pixel count limits, checked before decoding
 */
public record ImageClassificationSettings(
        String model,
        SessionSettings session,
        InputFormat inputFormat,
        String imageField,
        String outputField,
        int topK,
        ImageLimits limits)
        implements Serializable {
    public static final String DEFAULT_IMAGE_FIELD = "image";
    public static final String DEFAULT_OUTPUT_FIELD = "classification";
    public static final int DEFAULT_TOP_K = 5;

    /** How images arrive in records. */
    public enum InputFormat {
        /** The record value is the encoded image; the key is its id. */
        RAW,
        /** The record value is a JSON object with the image as base64 in a field. */
        JSON
    }
}
