package dev.flinfer.sql.internal;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.image.ImageDecoder;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.session.ModelSession;
import dev.flinfer.vision.ImageClassificationModel;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * Classifies the image bytes of a row: safe decoding with the limits checked from the header, the
 * bundle's preprocessing, a batch through the model, labels and scores.
 */
@Internal
public final class ImageClassificationRowTask extends RowTask<float[], float[][]> {
    private final ImageClassificationModel model;
    private final ImageDecoder decoder;

    ImageClassificationRowTask(ModelSpec spec, ModelBundle bundle, ImageClassificationModel model) {
        super(spec, bundle);
        this.model = model;
        this.decoder = new ImageDecoder(spec.limits());
    }

    @Override
    public float[] prepare(Object value) throws BadRecordException {
        if (value == null) {
            throw new BadRecordException(BadRecordException.NULL_VALUE, "the image is NULL");
        }
        return model.preprocessor().toTensor(decoder.decode((byte[]) value));
    }

    @Override
    public int cost(float[] prepared) {
        return 1;
    }

    @Override
    public float[][] infer(List<float[]> batch) throws Exception {
        return model.infer(batch);
    }

    @Override
    public Prediction finish(Object value, float[] prepared, float[][] scores, int index) {
        return new Prediction(spec.layout().classification(model.classify(scores[index])), null);
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
