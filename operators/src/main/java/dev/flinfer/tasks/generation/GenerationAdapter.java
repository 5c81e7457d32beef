package dev.flinfer.tasks.generation;

import dev.flinfer.engine.SteppedTask;
import dev.flinfer.generation.Generator;
import dev.flinfer.generation.Sequence;
import dev.flinfer.tasks.ModelAdapter;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A {@link GenerationModel} as the engine's {@link SteppedTask}, for inputs of any kind: the
 * running batch, joining, stepping and the cost are the model's; a subclass says how an input
 * becomes a prompt ({@link #prepare}) and a finished sequence an outcome ({@link #finish}).
 *
 * <pre>{@code
 * class Prompts extends GenerationAdapter<String, Sequence, Generated> {
 *     Prompts(GenerationModel model) { super(model, sequence -> sequence); }
 *     public Sequence prepare(String text) throws BadRecordException { return model().prepare(text); }
 *     ...
 * }
 * }</pre>
 *
 * @param <I> input
 * @param <T> prepared input, which carries its sequence
 * @param <O> outcome
 */
@PublicEvolving
public abstract class GenerationAdapter<I, T, O> extends ModelAdapter<I, T, Generator.Run<T>, O>
        implements SteppedTask<I, T, Generator.Run<T>, O> {
    private final GenerationModel model;
    private final Function<T, Sequence> sequenceOf;

    protected GenerationAdapter(GenerationModel model, Function<T, Sequence> sequenceOf) {
        super(model);
        this.model = model;
        this.sequenceOf = sequenceOf;
    }

    /** The sequence a prepared input carries. */
    protected final Sequence sequence(T prepared) {
        return sequenceOf.apply(prepared);
    }

    @Override
    public int cost(T prepared) {
        return model.cost(sequence(prepared));
    }

    @Override
    public Generator.Run<T> start() {
        return model.start();
    }

    @Override
    public void join(Generator.Run<T> run, List<T> sequences) throws Exception {
        model.join(run, sequences, sequenceOf);
    }

    @Override
    public List<T> step(Generator.Run<T> run) throws Exception {
        return model.step(run);
    }

    @Override
    public void leave(Generator.Run<T> run, List<T> done) {
        // a finished sequence's rows left the batch in the step that finished it
    }

    /** The model, for callers that need more of it (benchmarks, tests). */
    public GenerationModel model() {
        return model;
    }
}
