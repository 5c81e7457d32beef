package dev.flinfer.sql.internal;

import dev.flinfer.engine.EngineListener;
import dev.flinfer.engine.OneRecord;
import dev.flinfer.sql.OnnxModelOptions.OnError;
import dev.flinfer.tasks.ModelAdapter;
import java.util.Collection;
import java.util.Collections;
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
    private transient ModelAdapter<Object, ?, ?, Prediction> task;

    public OnnxSyncPredictFunction(ModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(FunctionContext context) {
        task = RowTask.open(spec);
    }

    @Override
    public Collection<RowData> predict(RowData features) {
        Prediction prediction =
                OneRecord.run(task, RowValues.read(features, spec.input()), EngineListener.NONE);
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
}
