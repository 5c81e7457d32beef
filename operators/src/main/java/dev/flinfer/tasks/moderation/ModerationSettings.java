package dev.flinfer.tasks.moderation;

import dev.flinfer.image.ImageLimits;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.TaskSettings;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What a moderation task needs to be built on a task manager. The policy travels already parsed and
 * checked, so the file need not exist there.
 *
 * @param textModel text classifier (bundled name or directory)
 * @param imageModel image classifier (bundled name or directory)
 * @param policy the checked policy
 * @param session device and threads, for both models
 * @param textField JSON field of the post's text
 * @param imageField JSON field of the post's base64 image
 * @param outputField field the decision and scores are added under
 * @param maxTextChars longer texts are dead-lettered
 * @param limits image size and pixel limits, checked before decoding
 * @param reducedDecoding decode baseline and progressive JPEGs at reduced size where the image
 *     model's resize allows ({@link dev.flinfer.tasks.FlinferOptions#REDUCED_DECODING})
 */
@PublicEvolving
public record ModerationSettings(
        String textModel,
        String imageModel,
        ModerationPolicy policy,
        SessionSettings session,
        String textField,
        String imageField,
        String outputField,
        int maxTextChars,
        ImageLimits limits,
        boolean reducedDecoding)
        implements TaskSettings {
    public static final String DEFAULT_TEXT_MODEL = "moderation-minilm-zeroshot-prototypes";
    public static final String DEFAULT_IMAGE_MODEL = FlinferOptions.IMAGE_MODEL.defaultValue();
    public static final String DEFAULT_OUTPUT_FIELD = ModerationTask.OUTPUT_FIELD.defaultValue();

    /** The header that carries the decision on output records. */
    public static final String DECISION_HEADER = "flinfer.moderation.decision";

    /** The text model: the one that names the task. */
    @Override
    public String model() {
        return textModel;
    }
}
