package dev.flinfer.sql.internal;

import dev.flinfer.engine.SteppedTask;
import dev.flinfer.generation.Generated;
import dev.flinfer.generation.Generator;
import dev.flinfer.generation.Sequence;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.tasks.generation.GenerationModel;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.annotation.Internal;

/**
 * The SQL adapter over a generative model, in steps: each row's prompt joins the engine's running
 * batch and its output row is made as soon as its own sequence is done (continuous batching, as for
 * Kafka records).
 */
@Internal
public final class SteppedRowTask
        extends RowTask<String, Sequence, Generator.Run<Sequence>, Generated>
        implements SteppedTask<Object, Sequence, Generator.Run<Sequence>, Prediction> {
    private final GenerationModel model;

    SteppedRowTask(ModelSpec spec, GenerationModel model) {
        super(spec, model);
        this.model = model;
    }

    @Override
    public Generator.Run<Sequence> start() {
        return model.start();
    }

    @Override
    public void join(Generator.Run<Sequence> run, List<Sequence> sequences) throws Exception {
        model.join(run, sequences, Function.identity());
    }

    @Override
    public List<Sequence> step(Generator.Run<Sequence> run) throws Exception {
        return model.step(run);
    }

    @Override
    public void leave(Generator.Run<Sequence> run, List<Sequence> done) {
        // a finished sequence's rows left the batch in the step that finished it
    }

    @Override
    public Generator.Run<Sequence> infer(List<Sequence> batch) throws Exception {
        return SteppedTask.super.infer(batch);
    }

    @Override
    public Prediction finish(
            Object value, Sequence prepared, Generator.Run<Sequence> run, int index)
            throws BadRecordException {
        return prediction(model.result(prepared));
    }
}
