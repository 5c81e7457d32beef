package dev.flinfer.sql.internal;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.session.ModelSession;
import dev.flinfer.text.TokenizedText;
import dev.flinfer.textclassification.TextClassificationModel;
import java.util.List;
import org.apache.flink.annotation.Internal;

/** Classifies the text of a row with a Hugging Face sequence classifier. */
@Internal
public final class TextClassificationRowTask extends TextRowTask {
    private final TextClassificationModel model;

    TextClassificationRowTask(ModelSpec spec, ModelBundle bundle, TextClassificationModel model) {
        super(spec, bundle, model::tokenize);
        this.model = model;
    }

    @Override
    public float[][] infer(List<TokenizedText> batch) throws Exception {
        return model.infer(batch);
    }

    @Override
    public Prediction finish(Object value, TokenizedText prepared, float[][] logits, int index) {
        return new Prediction(
                spec.layout().classification(model.classifier().scores(logits[index], 0)), null);
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
