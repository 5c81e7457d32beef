package dev.flinfer.flink;

import dev.flinfer.engine.BatchTask;
import dev.flinfer.engine.OneRecord;
import dev.flinfer.flink.internal.InferenceMetrics;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * The simplest way in: one record, one inference, on the task thread, no batching. Same model
 * session, same outcomes and dead letters as the batching operator, and the same metrics (every
 * batch has size 1).
 *
 * <pre>{@code
 * DataStream<Outcome> outcomes = records.map(TextEmbeddings.builder().setModel("all-minilm-l6-v2")
 *         .build().mapFunction());
 * }</pre>
 */
@PublicEvolving
public final class InferenceMapFunction extends RichMapFunction<SourceRecord, Outcome> {
    private static final long serialVersionUID = 1L;

    private final TaskFactory factory;
    private transient BatchTask<SourceRecord, ?, ?, Outcome> task;
    private transient InferenceMetrics metrics;

    public InferenceMapFunction(TaskFactory factory) {
        this.factory = factory;
    }

    @Override
    public void open(OpenContext openContext) {
        task = factory.open();
        metrics =
                new InferenceMetrics(
                        getRuntimeContext().getMetricGroup(), task.device(), task.cpuFallback());
    }

    @Override
    public Outcome map(SourceRecord record) {
        metrics.recordIn();
        Outcome outcome = OneRecord.run(task, record, metrics);
        metrics.recordDone(outcome);
        return outcome;
    }

    @Override
    public void close() {
        if (task != null) {
            task.close();
            task = null;
        }
    }
}
