package dev.flinfer.tasks;

import dev.flinfer.engine.BatchTask;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The part of a {@link BatchTask} over a {@link ModelTask} that is the model's: where it runs,
 * whether it fell back to the CPU, stopping its runs, closing it. The adapters from records ({@link
 * RecordTask}) and from SQL rows differ only in what goes in and out.
 *
 * @param <I> input (a record, a row's value)
 * @param <P> prepared input
 * @param <B> a batch's result
 * @param <O> outcome
 */
@PublicEvolving
public abstract class ModelAdapter<I, P, B, O> implements BatchTask<I, P, B, O> {
    private final ModelTask<?, ?, ?, ?> model;

    protected ModelAdapter(ModelTask<?, ?, ?, ?> model) {
        this.model = model;
    }

    @Override
    public String device() {
        return model.device();
    }

    @Override
    public boolean cpuFallback() {
        return model.cpuFallback();
    }

    @Override
    public void stopRuns() {
        model.stopRuns();
    }

    @Override
    public void close() {
        model.close();
    }
}
