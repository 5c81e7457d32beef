package dev.flinfer.sql.internal;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.text.TokenizedText;
import java.util.function.Function;
import org.apache.flink.annotation.Internal;

/**
 * A row task over a text column: reads and tokenizes the text; a text with no tokens beyond the
 * model's special ones is {@code empty-text}. Padding cost is the token count.
 */
@Internal
public abstract class TextRowTask extends RowTask<TokenizedText, float[][]> {
    private final Function<String, TokenizedText> tokenizer;
    private final int specialTokens;

    TextRowTask(ModelSpec spec, ModelBundle bundle, Function<String, TokenizedText> tokenizer) {
        super(spec, bundle);
        this.tokenizer = tokenizer;
        this.specialTokens = tokenizer.apply("").length();
    }

    @Override
    public TokenizedText prepare(Object value) throws BadRecordException {
        TokenizedText tokens = tokenizer.apply(text(value));
        if (tokens.length() <= specialTokens) {
            throw new BadRecordException(
                    BadRecordException.EMPTY_TEXT,
                    "the text has no tokens (only characters the tokenizer drops)");
        }
        return tokens;
    }

    @Override
    public int cost(TokenizedText prepared) {
        return prepared.length();
    }
}
