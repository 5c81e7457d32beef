package dev.flinfer.sql.internal;

import dev.flinfer.generation.Generated;
import dev.flinfer.generation.Generator;
import dev.flinfer.generation.Sequence;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.tasks.generation.GenerationAdapter;
import dev.flinfer.tasks.generation.GenerationModel;
import java.util.function.Function;
import org.apache.flink.annotation.Internal;

/**
 * The SQL adapter over a generative model, in steps: each row's prompt joins the engine's running
 * batch and its output row is made as soon as its own sequence is done (continuous batching, as for
 * Kafka records). Rows are read and written as {@link RowTask} does.
 */
@Internal
public final class SteppedRowTask extends GenerationAdapter<Object, Sequence, Prediction> {
    private final RowTask<String, Sequence, Generator.Run<Sequence>, Generated> rows;

    SteppedRowTask(ModelSpec spec, GenerationModel model) {
        super(model, Function.identity());
        this.rows = new RowTask<>(spec, model);
    }

    @Override
    public Sequence prepare(Object value) throws BadRecordException {
        return rows.prepare(value);
    }

    @Override
    public Prediction finish(
            Object value, Sequence prepared, Generator.Run<Sequence> run, int index) {
        return rows.prediction(model().result(prepared));
    }

    @Override
    public Prediction reject(Object value, BadRecordException error) {
        return rows.reject(value, error);
    }
}
