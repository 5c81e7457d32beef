package dev.flinfer.sql.internal;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.embedding.TextEmbeddingModel;
import dev.flinfer.session.ModelSession;
import dev.flinfer.text.TokenizedText;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** Embeds the text of a row with the same model code as the DataStream text-embedding task. */
@Internal
public final class TextEmbeddingRowTask extends TextRowTask {
    private final TextEmbeddingModel model;

    TextEmbeddingRowTask(ModelSpec spec, ModelBundle bundle, TextEmbeddingModel model) {
        super(spec, bundle, model::tokenize);
        this.model = model;
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
