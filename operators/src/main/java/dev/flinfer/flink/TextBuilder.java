package dev.flinfer.flink;

import static dev.flinfer.tasks.FlinferOptions.MAX_RECORD_BYTES;
import static dev.flinfer.tasks.FlinferOptions.MAX_TEXT_CHARS;
import static dev.flinfer.tasks.FlinferOptions.TEXT_FIELD;

import dev.flinfer.tasks.TaskDescriptor;
import dev.flinfer.tasks.TaskSettings;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The setters of the tasks that read a text field of JSON events.
 *
 * @param <B> the concrete builder
 * @param <S> the task's settings
 */
@PublicEvolving
public abstract class TextBuilder<B extends TextBuilder<B, S>, S extends TaskSettings>
        extends InferenceBuilder<B, S> {

    protected TextBuilder(TaskDescriptor<S> task) {
        super(task);
    }

    /** The JSON field holding the text ('/a/b' is a JSON Pointer). */
    public B setTextField(String field) {
        return set(TEXT_FIELD, field);
    }

    /** Longer texts are dead-lettered. */
    public B setMaxTextChars(int chars) {
        return set(MAX_TEXT_CHARS, chars);
    }

    /** Larger records are dead-lettered. */
    public B setMaxRecordBytes(int bytes) {
        return set(MAX_RECORD_BYTES, bytes);
    }
}
