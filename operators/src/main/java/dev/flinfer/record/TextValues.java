package dev.flinfer.record;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The one rule for the text a model is given, wherever it comes from (a JSON field, a SQL column, a
 * post): present, not blank, and at most so many characters. A text that passes may still have no
 * tokens; text models check that after tokenizing.
 *
 * <pre>{@code
 * String text = TextValues.check(value, "field 'text'", 100_000);
 * }</pre>
 */
@PublicEvolving
public final class TextValues {
    private TextValues() {}

    /**
     * {@code text}, or why it cannot be used; {@code what} names it in the message ("field 'text'",
     * "the text").
     */
    public static String check(String text, String what, int maxChars) throws BadRecordException {
        if (text == null) {
            throw new BadRecordException(BadRecordException.NULL_VALUE, what + " is NULL");
        }
        if (text.isBlank()) {
            throw new BadRecordException(
                    BadRecordException.EMPTY_TEXT,
                    what + " is " + (text.isEmpty() ? "empty" : "blank"));
        }
        if (text.length() > maxChars) {
            throw new BadRecordException(
                    BadRecordException.TOO_LARGE,
                    what
                            + " has "
                            + text.length()
                            + " characters, more than the limit of "
                            + maxChars);
        }
        return text;
    }
}
