package dev.flinfer.record;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Thrown by pre/post-processing when a record cannot be processed because of what it holds (not
 * because of the model or the machine). The record goes to the dead-letter output with {@link
 * #code()} and the message.
 */
@PublicEvolving
public final class BadRecordException extends Exception {
    /** Stable kinds of bad records, written into dead letters as {@code code}. */
    public static final String NULL_VALUE = "null-value";

    public static final String MALFORMED_JSON = "malformed-json";
    public static final String NOT_AN_OBJECT = "not-a-json-object";
    public static final String MISSING_FIELD = "missing-field";
    public static final String WRONG_TYPE = "wrong-type";
    public static final String EMPTY_TEXT = "empty-text";
    public static final String TOO_LARGE = "too-large";
    public static final String PROMPT_TOO_LONG = "prompt-too-long";
    public static final String PREPROCESSING_FAILED = "preprocessing-failed";
    public static final String INFERENCE_FAILED = "inference-failed";

    private final String code;

    public BadRecordException(String code, String message) {
        super(message);
        this.code = code;
    }

    public BadRecordException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
