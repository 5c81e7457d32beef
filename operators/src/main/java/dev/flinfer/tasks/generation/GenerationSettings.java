package dev.flinfer.tasks.generation;

import dev.flinfer.generation.Decoding;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.TaskSettings;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What a generation task needs on a task manager: the model, its session, where the prompt comes
 * from and how it is framed, where the result goes, the input limits, and the decoding.
 *
 * @param model bundled model name or bundle directory
 * @param session device and threads
 * @param promptField field of the input JSON holding the text ('/a/b' is a JSON Pointer)
 * @param promptTemplate the prompt, {@code {text}} standing for the text
 * @param outputField field added to the output JSON
 * @param maxTextChars longer texts are dead-lettered
 * @param maxRecordBytes larger records are dead-lettered
 * @param decoding how tokens are chosen and when a generation ends
 */
@PublicEvolving
public record GenerationSettings(
        String model,
        SessionSettings session,
        String promptField,
        String promptTemplate,
        String outputField,
        int maxTextChars,
        int maxRecordBytes,
        Decoding decoding)
        implements TaskSettings {}
