package dev.flinfer.flink.internal;

import dev.flinfer.lifecycle.ServingPlan;
import dev.flinfer.lifecycle.ShadowComparison;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * A versioned model's metrics, under {@code flinfer.model_version.N}: records, dead letters and
 * latency per version; and for the subtask, the serving, canary and shadow versions as gauges, the
 * shadow's comparisons, agreements, agreement ratio and mean cosine.
 */
@Internal
public final class VersionMetrics {
    private final MetricGroup group;
    private final Map<Integer, PerVersion> versions = new ConcurrentHashMap<>();
    private final Counter comparisons;
    private final Counter agreements;
    private double cosineSum;
    private long cosines;

    private record PerVersion(Counter records, Counter deadLetters, SlidingHistogram latencyMs) {}

    public VersionMetrics(MetricGroup parent, Supplier<ServingPlan> plan) {
        this.group = parent.addGroup(InferenceMetrics.GROUP);
        group.gauge("servingVersion", (Gauge<Integer>) () -> plan.get().serving());
        group.gauge("canaryVersion", (Gauge<Integer>) () -> plan.get().canary());
        group.gauge("canaryPercent", (Gauge<Double>) () -> plan.get().canaryPercent());
        group.gauge("shadowVersion", (Gauge<Integer>) () -> plan.get().shadow());
        comparisons = group.counter("shadowComparisons");
        agreements = group.counter("shadowAgreements");
        group.gauge(
                "shadowAgreementRatio",
                (Gauge<Double>)
                        () -> {
                            long n = comparisons.getCount();
                            return n == 0 ? Double.NaN : agreements.getCount() / (double) n;
                        });
        group.gauge("shadowMeanCosine", (Gauge<Double>) this::meanCosine);
    }

    /** Called on the task thread before a record of {@code version} is submitted. */
    public void prepare(int version) {
        versions.computeIfAbsent(
                version,
                v -> {
                    MetricGroup of = group.addGroup("model_version", String.valueOf(v));
                    SlidingHistogram latency = new SlidingHistogram(InferenceMetrics.WINDOW);
                    of.histogram("latencyMs", latency);
                    return new PerVersion(
                            of.counter("records"), of.counter("deadLetters"), latency);
                });
    }

    /** A record of {@code version} finished (any thread, after {@link #prepare}). */
    public void done(int version, boolean deadLetter, long latencyMs) {
        PerVersion of = versions.get(version);
        synchronized (of) {
            of.records().inc();
            if (deadLetter) {
                of.deadLetters().inc();
            }
        }
        of.latencyMs().update(latencyMs);
    }

    /** A shadow comparison was made (any thread). */
    public synchronized void compared(ShadowComparison comparison) {
        comparisons.inc();
        if (comparison.agree()) {
            agreements.inc();
        }
        if (!Double.isNaN(comparison.cosine())) {
            cosineSum += comparison.cosine();
            cosines++;
        }
    }

    private synchronized double meanCosine() {
        return cosines == 0 ? Double.NaN : cosineSum / cosines;
    }
}
