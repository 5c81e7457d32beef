package dev.flinfer.sql.internal;

import dev.flinfer.classification.LabelScore;
import dev.flinfer.generation.Generated;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.TextValues;
import dev.flinfer.tasks.ModelAdapter;
import dev.flinfer.tasks.ModelTask;
import dev.flinfer.tasks.TaskDescriptor;
import dev.flinfer.tasks.TaskDescriptor.Reads;
import dev.flinfer.tasks.generation.GenerationModel;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

/**
 * The SQL adapter over a task's model: the value of a row's input column (a {@code String} text or
 * the {@code byte[]} of an image) goes to the model, its result to the OUTPUT columns ({@link
 * OutputLayout}); a bad row gets NULL outputs and the reason.
 *
 * @param <V> the model's value
 * @param <P> the prepared value
 * @param <B> a batch's result
 * @param <R> one value's result
 */
@Internal
public final class RowTask<V, P, B, R> extends ModelAdapter<Object, P, B, Prediction> {
    private final ModelSpec spec;
    private final ModelTask<V, P, B, R> model;

    RowTask(ModelSpec spec, ModelTask<V, P, B, R> model) {
        super(model);
        this.spec = spec;
        this.model = model;
    }

    /** Opens the model of {@code spec}; fails naming the file when it cannot be used. */
    public static ModelAdapter<Object, ?, ?, Prediction> open(ModelSpec spec) {
        ModelTask<?, ?, ?, ?> model = openModel(spec.task(), spec);
        // a generative model runs in steps: the engine batches it continuously
        return model instanceof GenerationModel generation
                ? new SteppedRowTask(spec, generation)
                : new RowTask<>(spec, model);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ModelTask<?, ?, ?, ?> openModel(TaskDescriptor task, ModelSpec spec) {
        return task.openModel(spec.settings());
    }

    @Override
    @SuppressWarnings("unchecked")
    public P prepare(Object value) throws BadRecordException {
        if (spec.input() == Reads.TEXT) {
            String text = TextValues.check((String) value, "the text", spec.maxTextChars());
            return model.prepare((V) text);
        }
        if (value == null) {
            throw new BadRecordException(BadRecordException.NULL_VALUE, "the image is NULL");
        }
        return model.prepare((V) value);
    }

    @Override
    public int cost(P prepared) {
        return model.cost(prepared);
    }

    @Override
    public B infer(List<P> batch) throws Exception {
        return model.infer(batch);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Prediction finish(Object value, P prepared, B result, int index)
            throws BadRecordException {
        return prediction(model.result(result, index));
    }

    /** The prediction of one value's result. */
    @SuppressWarnings("unchecked")
    final Prediction prediction(R one) {
        RowData row =
                switch (spec.task().writes()) {
                    case EMBEDDING -> spec.layout().embedding((float[]) one);
                    case TEXT -> spec.layout().generation(((Generated) one).text());
                    default -> spec.layout().classification((List<LabelScore>) one);
                };
        return new Prediction(spec.layout().withVersion(row, model.bundle().version()), null);
    }

    @Override
    public Prediction reject(Object value, BadRecordException error) {
        RowData row = spec.layout().failed(error.code() + ": " + error.getMessage());
        return new Prediction(spec.layout().withVersion(row, model.bundle().version()), error);
    }

    /** The model, for tests and logs. */
    public ModelTask<V, P, B, R> model() {
        return model;
    }
}
