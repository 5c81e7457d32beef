package dev.flinfer.tasks.textembedding;

import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.TaskSettings;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What a text-embedding task needs to be built on a task manager: the model (a bundled name or a
 * bundle directory), how to open its session, and how to read and write events.
 *
 * @param model bundled model name or bundle directory
 * @param session device and threads
 * @param textField field of the input JSON holding the text ('/a/b' is a JSON Pointer)
 * @param outputField field added to the output JSON
 * @param maxTextChars longer texts are dead-lettered
 * @param maxRecordBytes larger records are dead-lettered
 * @param textPrefix put before every text instead of the bundle's own prefix; null: the bundle's
 */
@PublicEvolving
public record TextEmbeddingSettings(
        String model,
        SessionSettings session,
        String textField,
        String outputField,
        int maxTextChars,
        int maxRecordBytes,
        String textPrefix)
        implements TaskSettings {
    public static final String DEFAULT_TEXT_FIELD = FlinferOptions.TEXT_FIELD.defaultValue();
    public static final String DEFAULT_OUTPUT_FIELD = TextEmbeddingTask.OUTPUT_FIELD.defaultValue();
    public static final int DEFAULT_MAX_TEXT_CHARS = FlinferOptions.MAX_TEXT_CHARS.defaultValue();
    public static final int DEFAULT_MAX_RECORD_BYTES =
            FlinferOptions.MAX_RECORD_BYTES.defaultValue();
}
