package dev.flinfer.textclassification;

import dev.flinfer.session.SessionSettings;
import java.io.Serializable;

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
public record TextClassificationSettings(
        String model,
        SessionSettings session,
        String textField,
        String outputField,
        int topK,
        int maxTextChars,
        int maxRecordBytes)
        implements Serializable {
    public static final String DEFAULT_TEXT_FIELD = "text";
    public static final String DEFAULT_OUTPUT_FIELD = "classification";
    public static final int DEFAULT_TOP_K = 0;
    public static final int DEFAULT_MAX_TEXT_CHARS = 100_000;
    public static final int DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;
}
