package dev.flinfer.tasks.textclassification;

import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.TaskSettings;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What a text-classification task needs to be built on a task manager.
 *
 * @param model bundled model name or bundle directory
 * @param session device and threads
 * @param textField field of the input JSON holding the text ('/a/b' is a JSON Pointer)
 * @param outputField field the labels are added under
 * @param topK labels per text, best first (0 = all)
 * @param maxTextChars longer texts are dead-lettered
 * @param maxRecordBytes larger records are dead-lettered
 */
@PublicEvolving
public record TextClassificationSettings(
        String model,
        SessionSettings session,
        String textField,
        String outputField,
        int topK,
        int maxTextChars,
        int maxRecordBytes)
        implements TaskSettings {
    public static final String DEFAULT_TEXT_FIELD = FlinferOptions.TEXT_FIELD.defaultValue();
    public static final String DEFAULT_OUTPUT_FIELD =
            TextClassificationTask.OUTPUT_FIELD.defaultValue();
    public static final int DEFAULT_TOP_K = TextClassificationTask.TOP_K.defaultValue();
    public static final int DEFAULT_MAX_TEXT_CHARS = FlinferOptions.MAX_TEXT_CHARS.defaultValue();
    public static final int DEFAULT_MAX_RECORD_BYTES =
            FlinferOptions.MAX_RECORD_BYTES.defaultValue();
}
