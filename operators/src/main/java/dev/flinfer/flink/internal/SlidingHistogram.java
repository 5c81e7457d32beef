package dev.flinfer.flink.internal;

import java.util.Arrays;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * A histogram of the last {@code capacity} values, safe to update from engine threads while a
 * metric reporter reads it.
 */
@Internal
public final class SlidingHistogram implements Histogram {
    private final long[] window;
    private long count;

    public SlidingHistogram(int capacity) {
        this.window = new long[capacity];
    }

    @Override
    public synchronized void update(long value) {
        window[(int) (count % window.length)] = value;
        count++;
    }

    @Override
    public synchronized long getCount() {
        return count;
    }

    @Override
    public synchronized HistogramStatistics getStatistics() {
        long[] values = Arrays.copyOf(window, (int) Math.min(count, window.length));
        Arrays.sort(values);
        return new Snapshot(values);
    }

    /** Statistics over a sorted copy of the window. */
    private static final class Snapshot extends HistogramStatistics {
        private final long[] sorted;

        Snapshot(long[] sorted) {
            this.sorted = sorted;
        }

        @Override
        public double getQuantile(double quantile) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(quantile * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        @Override
        public long[] getValues() {
            return sorted.clone();
        }

        @Override
        public int size() {
            return sorted.length;
        }

        @Override
        public double getMean() {
            return Arrays.stream(sorted).average().orElse(0);
        }

        @Override
        public double getStdDev() {
            double mean = getMean();
            return Math.sqrt(
                    Arrays.stream(sorted)
                            .mapToDouble(v -> (v - mean) * (v - mean))
                            .average()
                            .orElse(0));
        }

        @Override
        public long getMax() {
            return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        }

        @Override
        public long getMin() {
            return sorted.length == 0 ? 0 : sorted[0];
        }
    }
}
