package dev.flinfer.tasks.imageclassification;

import dev.flinfer.image.ImageLimits;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.TaskSettings;
import org.apache.flink.annotation.PublicEvolving;

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
 * @param reducedDecoding decode baseline and progressive JPEGs at 1/2, 1/4 or 1/8 of their size
 *     where the resize allows ({@link dev.flinfer.tasks.FlinferOptions#REDUCED_DECODING})
 */
@PublicEvolving
public record ImageClassificationSettings(
        String model,
        SessionSettings session,
        InputFormat inputFormat,
        String imageField,
        String outputField,
        int topK,
        ImageLimits limits,
        boolean reducedDecoding)
        implements TaskSettings {
    public static final String DEFAULT_IMAGE_FIELD = FlinferOptions.IMAGE_FIELD.defaultValue();
    public static final String DEFAULT_OUTPUT_FIELD =
            ImageClassificationTask.OUTPUT_FIELD.defaultValue();
    public static final int DEFAULT_TOP_K = ImageClassificationTask.TOP_K.defaultValue();

    /** How images arrive in records. */
    @PublicEvolving
    public enum InputFormat {
        /** The record value is the encoded image; the key is its id. */
        RAW,
        /** The record value is a JSON object with the image as base64 in a field. */
        JSON
    }
}
