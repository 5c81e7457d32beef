package dev.flinfer.jobs.bench;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps the operator's {@code flinfer} metrics of the latest job in
 * this JVM, so the benchmark reads batch sizes, padding and stage times the way a dashboard would.
 * Registered as {@code metrics.reporter.bench.factory.class}.
 */
public final class BenchMetrics implements MetricReporter {
    static final String REPORTER = "bench";
    private static final Map<String, Metric> LATEST = new ConcurrentHashMap<>();

    /** Clears what an earlier job registered. */
    static void reset() {
        LATEST.clear();
    }

    /** Mean of the histogram {@code name} of the latest job, or NaN when it has none. */
    static double mean(String name) {
        Metric metric = LATEST.get(name);
        if (metric instanceof Histogram histogram && histogram.getCount() > 0) {
            return histogram.getStatistics().getMean();
        }
        return Double.NaN;
    }

    /** Values the histogram {@code name} of the latest job has taken so far, or 0. */
    static long histogramCount(String name) {
        return LATEST.get(name) instanceof Histogram histogram ? histogram.getCount() : 0;
    }

    /**
     * Mean of the values the histogram {@code name} took after its first {@code fromCount}, whose
     * mean was {@code fromMean}: exact while the window holds every value; the window's mean once
     * it has rolled over (then it holds only later values if more than a window's worth came since,
     * and some earlier ones too otherwise).
     */
    static double meanSince(String name, long fromCount, double fromMean) {
        if (!(LATEST.get(name) instanceof Histogram histogram)) {
            return Double.NaN;
        }
        long count = histogram.getCount();
        if (count <= fromCount) {
            return Double.NaN;
        }
        HistogramStatistics statistics = histogram.getStatistics();
        if (statistics.size() < count || fromCount == 0) {
            return statistics.getMean();
        }
        return (statistics.getMean() * count - fromMean * fromCount) / (count - fromCount);
    }

    /** Value of the counter {@code name} of the latest job, or 0. */
    static long count(String name) {
        return LATEST.get(name) instanceof Counter counter ? counter.getCount() : 0;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (group.getMetricIdentifier(name).contains(".flinfer.")) {
            LATEST.put(name, metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    /** Creates the reporter; found through {@code META-INF/services}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new BenchMetrics();
        }
    }
}
