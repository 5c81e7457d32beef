package dev.flinfer.flink;

import dev.flinfer.engine.BatchReport;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.flink.internal.InferenceMetrics;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.util.List;
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
        Outcome outcome = runOne(task, record, metrics);
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

    private static <P, B> Outcome runOne(
            BatchTask<SourceRecord, P, B, Outcome> task,
            SourceRecord record,
            InferenceMetrics metrics) {
        long start = System.nanoTime();
        P prepared;
        try {
            prepared = task.prepare(record);
        } catch (BadRecordException e) {
            return task.reject(record, e);
        }
        long prepareEnd = System.nanoTime();
        B result;
        try {
            result = task.infer(List.of(prepared));
        } catch (Exception e) {
            return task.reject(
                    record,
                    new BadRecordException(
                            BadRecordException.INFERENCE_FAILED,
                            "the model failed on this record: " + e,
                            e));
        }
        long inferEnd = System.nanoTime();
        Outcome outcome;
        try {
            outcome = task.finish(record, prepared, result, 0);
        } catch (BadRecordException e) {
            outcome = task.reject(record, e);
        }
        int cost = task.cost(prepared);
        metrics.onBatch(
                new BatchReport(
                        1,
                        cost,
                        cost,
                        new long[] {0},
                        new long[] {prepareEnd - start},
                        inferEnd - prepareEnd,
                        System.nanoTime() - inferEnd));
        return outcome;
    }
}
