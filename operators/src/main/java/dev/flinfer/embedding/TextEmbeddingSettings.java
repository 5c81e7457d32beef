package dev.flinfer.embedding;

import dev.flinfer.session.SessionSettings;
import java.io.Serializable;

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
 */
public record TextEmbeddingSettings(
        String model,
        SessionSettings session,
        String textField,
        String outputField,
        int maxTextChars,
        int maxRecordBytes)
        implements Serializable {
    public static final String DEFAULT_TEXT_FIELD = "text";
    public static final String DEFAULT_OUTPUT_FIELD = "embedding";
    public static final int DEFAULT_MAX_TEXT_CHARS = 100_000;
    public static final int DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;
}
