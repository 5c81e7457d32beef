package dev.flinfer.sql.internal;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.embedding.TextEmbeddingModel;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.session.ModelSession;
import dev.flinfer.text.TokenizedText;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** Embeds the text of a row with the same model code as the DataStream text-embedding task. */
@Internal
public final class TextEmbeddingRowTask extends RowTask<TokenizedText, float[][]> {
    private final TextEmbeddingModel model;
    private final int specialTokens;

    TextEmbeddingRowTask(ModelSpec spec, ModelBundle bundle, TextEmbeddingModel model) {
        super(spec, bundle);
        this.model = model;
        this.specialTokens = model.tokenize("").length();
    }

    @Override
    public TokenizedText prepare(Object value) throws BadRecordException {
        TokenizedText tokens = model.tokenize(text(value));
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

    @Override
    public float[][] infer(List<TokenizedText> batch) throws Exception {
        return model.embed(batch);
    }

    @Override
    public Prediction finish(Object value, TokenizedText prepared, float[][] result, int index) {
        return new Prediction(spec.layout().embedding(result[index]), null);
    }

    @Override
    protected ModelSession session() {
        return model.session();
    }

    @Override
    public void close() {
        model.close();
    }
}
