package dev.flinfer.sql.internal;

import dev.flinfer.record.BadRecordException;
import dev.flinfer.sql.OnnxModelOptions.OnError;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;

/**
 * {@code ML_PREDICT} with {@code 'async' = 'false'}: one row at a time on the task thread, no
 * batching (the simplest variant, as {@code mapFunction()} is for DataStreams). Same outputs and
 * bad-row behaviour as {@link OnnxPredictFunction}.
 */
@Internal
public final class OnnxSyncPredictFunction extends PredictFunction {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private transient RowTask<?, ?> task;

    public OnnxSyncPredictFunction(ModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(FunctionContext context) {
        task = RowTasks.open(spec);
    }

    @Override
    public Collection<RowData> predict(RowData features) {
        Prediction prediction = run(task, RowValues.read(features, spec.input()));
        if (prediction.failed() && spec.onError() == OnError.FAIL) {
            throw OnnxPredictFunction.failure(spec, prediction);
        }
        return Collections.singletonList(prediction.row());
    }

    @Override
    public void close() {
        if (task != null) {
            task.close();
            task = null;
        }
    }

    private static <P, B> Prediction run(RowTask<P, B> task, Object value) {
        P prepared;
        try {
            prepared = task.prepare(value);
        } catch (BadRecordException e) {
            return task.reject(value, e);
        }
        B result;
        try {
            result = task.infer(List.of(prepared));
        } catch (Exception e) {
            return task.reject(
                    value,
                    new BadRecordException(
                            BadRecordException.INFERENCE_FAILED,
                            "the model failed on this row: " + e,
                            e));
        }
        try {
            return task.finish(value, prepared, result, 0);
        } catch (BadRecordException e) {
            return task.reject(value, e);
        }
    }
}
