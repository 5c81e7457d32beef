package dev.flinfer.sql.internal;

import dev.flinfer.engine.BatchTask;
import dev.flinfer.engine.BatchingEngine;
import dev.flinfer.engine.EngineListener;
import dev.flinfer.flink.internal.InferenceMetrics;
import dev.flinfer.sql.OnnxModelOptions.OnError;
import dev.flinfer.tasks.ModelAdapter;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * {@code ML_PREDICT}'s async function: each row goes into the slot's {@link BatchingEngine} (the
 * one the DataStream operators use), which forms micro-batches and completes the row's future when
 * its batch has run. Flink's {@code AsyncWaitOperator} around it keeps order (output mode {@code
 * ORDERED}, the default), bounds rows in flight ({@code max-concurrent-operations}) and checkpoints
 * them.
 */
@Internal
public final class OnnxPredictFunction extends AsyncPredictFunction {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private transient BatchingEngine<Object, ?, ?, Prediction> engine;
    private transient InferenceMetrics metrics;

    public OnnxPredictFunction(ModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        ModelAdapter<Object, ?, ?, Prediction> task = RowTask.open(spec);
        metrics = new InferenceMetrics(context.getMetricGroup(), task.device(), task.cpuFallback());
        String name = spec.name() + "-" + context.getTaskInfo().getIndexOfThisSubtask();
        engine = start(name, task, spec, metrics);
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncPredict(RowData features) {
        Object value = RowValues.read(features, spec.input());
        metrics.recordIn();
        return engine.submit(value)
                .thenApply(
                        prediction -> {
                            metrics.recordDone(prediction.failed());
                            return rows(spec, prediction);
                        });
    }

    /** The prediction's output row; a bad row fails the job when 'on-error' says so. */
    static Collection<RowData> rows(ModelSpec spec, Prediction prediction) {
        if (prediction.failed() && spec.onError() == OnError.FAIL) {
            throw new CompletionException(failure(spec, prediction));
        }
        return Collections.singletonList(prediction.row());
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    static FlinkRuntimeException failure(ModelSpec spec, Prediction prediction) {
        return new FlinkRuntimeException(
                "Model '"
                        + spec.name()
                        + "' got a bad row ("
                        + prediction.error().code()
                        + ": "
                        + prediction.error().getMessage()
                        + ") and 'on-error' = 'fail'; set 'on-error' = 'null' to get NULL outputs"
                        + " and the reason in an error column instead",
                prediction.error());
    }

    /**
     * The engine of {@code task} with {@code spec}'s batch policy, reporting to {@code listener}.
     */
    static <P, B> BatchingEngine<Object, P, B, Prediction> start(
            String name,
            BatchTask<Object, P, B, Prediction> task,
            ModelSpec spec,
            EngineListener listener) {
        return new BatchingEngine<>(name, task, spec.policy(), listener);
    }
}
