package dev.flinfer.flink.internal;

import dev.flinfer.engine.BatchReport;
import dev.flinfer.engine.EngineListener;
import dev.flinfer.record.Outcome;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * The operator's metrics, in the group {@code flinfer}: records in / out / dead-lettered, batches,
 * and histograms of batch size, padding (per mille), queue wait, preprocess, inference and
 * postprocess time (microseconds), plus the active device and whether {@code auto} fell back to
 * CPU.
 */
@Internal
public final class InferenceMetrics implements EngineListener {
    public static final String GROUP = "flinfer";
    static final int WINDOW = 1024;

    private final Counter recordsIn;
    private final Counter recordsOut;
    private final Counter deadLetters;
    private final Counter batches;
    private final SlidingHistogram batchSize = new SlidingHistogram(WINDOW);
    private final SlidingHistogram paddingPerMille = new SlidingHistogram(WINDOW);
    private final SlidingHistogram queueWaitMicros = new SlidingHistogram(WINDOW);
    private final SlidingHistogram prepareMicros = new SlidingHistogram(WINDOW);
    private final SlidingHistogram inferenceMicros = new SlidingHistogram(WINDOW);
    private final SlidingHistogram postprocessMicros = new SlidingHistogram(WINDOW);

    public InferenceMetrics(MetricGroup parent, String device, boolean cpuFallback) {
        MetricGroup group = parent.addGroup(GROUP);
        recordsIn = group.counter("recordsIn", new ThreadSafeSimpleCounter());
        recordsOut = group.counter("recordsOut", new ThreadSafeSimpleCounter());
        deadLetters = group.counter("deadLetters", new ThreadSafeSimpleCounter());
        batches = group.counter("batches", new ThreadSafeSimpleCounter());
        group.histogram("batchSize", batchSize);
        group.histogram("paddingPerMille", paddingPerMille);
        group.histogram("queueWaitMicros", queueWaitMicros);
        group.histogram("preprocessMicros", prepareMicros);
        group.histogram("inferenceMicros", inferenceMicros);
        group.histogram("postprocessMicros", postprocessMicros);
        group.gauge("device", (Gauge<String>) () -> device);
        group.gauge("cpuFallback", (Gauge<Integer>) () -> cpuFallback ? 1 : 0);
    }

    public void recordIn() {
        recordsIn.inc();
    }

    public void recordDone(Outcome outcome) {
        recordDone(outcome.isDeadLetter());
    }

    /** A record came out, as a dead letter (or a bad SQL row) or not. */
    public void recordDone(boolean deadLetter) {
        if (deadLetter) {
            deadLetters.inc();
        } else {
            recordsOut.inc();
        }
    }

    @Override
    public void onBatch(BatchReport report) {
        batches.inc();
        batchSize.update(report.size());
        paddingPerMille.update(Math.round(report.paddingRatio() * 1000));
        inferenceMicros.update(report.inferNanos() / 1000);
        postprocessMicros.update(report.finishNanos() / 1000 / Math.max(1, report.size()));
        // one wait per record that joined: a stepped worker's step has fewer than it has live
        for (int i = 0; i < report.queueWaitNanos().length; i++) {
            queueWaitMicros.update(report.queueWaitNanos()[i] / 1000);
            prepareMicros.update(report.prepareNanos()[i] / 1000);
        }
    }

    public SlidingHistogram batchSizeHistogram() {
        return batchSize;
    }
}
