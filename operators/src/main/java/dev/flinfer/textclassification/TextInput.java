package dev.flinfer.textclassification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.JsonRecords;
import dev.flinfer.text.TokenizedText;

/**
 * Reads the text field of an event and tokenizes it; a text with no tokens beyond the special ones
 * is {@code empty-text}.
 *
 * <pre>{@code
 * TokenizedText tokens = new TextInput(model, "text", 100_000).tokens(event);
 * }</pre>
 */
public final class TextInput {
    private final TextClassificationModel model;
    private final String field;
    private final int maxChars;
    private final int specialTokens;

    public TextInput(TextClassificationModel model, String field, int maxChars) {
        this.model = model;
        this.field = field;
        this.maxChars = maxChars;
        this.specialTokens = model.tokenize("").length();
    }

    /** The tokens of {@code event}'s text field; a bad record when it has none. */
    public TokenizedText tokens(ObjectNode event) throws BadRecordException {
        return tokenize(JsonRecords.requireText(event, field, maxChars));
    }

    /** The tokens of {@code text}; a bad record when it has none beyond the special tokens. */
    public TokenizedText tokenize(String text) throws BadRecordException {
        TokenizedText tokens = model.tokenize(text);
        if (tokens.length() <= specialTokens) {
            throw new BadRecordException(
                    BadRecordException.EMPTY_TEXT,
                    "field '"
                            + field
                            + "' has no tokens (only whitespace or characters the tokenizer drops)");
        }
        return tokens;
    }
}
