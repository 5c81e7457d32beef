package dev.flinfer.engine;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Chooses which waiting records form the next batch when more wait than fit in one.
 *
 * <pre>{@code
 * int[] chosen = BatchSelector.lengthBucketed(costs, overdue, 32);   // indexes into the queue
 * }</pre>
 *
 * <p>With length bucketing the waiting records are ordered by cost (tokens) and the batch is the
 * run of {@code maxBatchSize} neighbours in that order that pads least, so ten-token texts are not
 * padded to the length of a 256-token one. A record that has waited its full latency bound is
 * overdue: the batch must then contain the oldest overdue record, so no record waits past its bound
 * because shorter ones keep arriving. Without bucketing the batch is the oldest records, in arrival
 * order.
 */
final class BatchSelector {
    private BatchSelector() {}

    /** The first {@code maxBatchSize} records in arrival order. */
    static int[] fifo(int waiting, int maxBatchSize) {
        int size = Math.min(waiting, maxBatchSize);
        int[] chosen = new int[size];
        for (int i = 0; i < size; i++) {
            chosen[i] = i;
        }
        return chosen;
    }

    /**
     * The least-padding run of {@code maxBatchSize} records in cost order; it contains record
     * {@code mustInclude} when that is not negative (the oldest overdue record).
     *
     * @param costs cost of each waiting record, in arrival order
     * @return indexes into {@code costs} of the chosen records, in ascending cost
     */
    static int[] lengthBucketed(int[] costs, int mustInclude, int maxBatchSize) {
        int waiting = costs.length;
        if (waiting <= maxBatchSize) {
            return fifo(waiting, maxBatchSize);
        }
        Integer[] order = new Integer[waiting];
        for (int i = 0; i < waiting; i++) {
            order[i] = i;
        }
        // Stable: records of equal cost stay in arrival order, so older ones go first.
        Arrays.sort(order, Comparator.comparingInt(i -> costs[i]));
        long[] prefix = new long[waiting + 1];
        int forcedPosition = -1;
        for (int p = 0; p < waiting; p++) {
            prefix[p + 1] = prefix[p] + costs[order[p]];
            if (order[p] == mustInclude) {
                forcedPosition = p;
            }
        }
        int firstStart = 0;
        int lastStart = waiting - maxBatchSize;
        if (forcedPosition >= 0) {
            firstStart = Math.max(0, forcedPosition - maxBatchSize + 1);
            lastStart = Math.min(lastStart, forcedPosition);
        }
        int best = firstStart;
        long bestWaste = Long.MAX_VALUE;
        for (int start = firstStart; start <= lastStart; start++) {
            int end = start + maxBatchSize;
            long padded = (long) costs[order[end - 1]] * maxBatchSize;
            long waste = padded - (prefix[end] - prefix[start]);
            if (waste < bestWaste) {
                bestWaste = waste;
                best = start;
            }
        }
        int[] chosen = new int[maxBatchSize];
        for (int i = 0; i < maxBatchSize; i++) {
            chosen[i] = order[best + i];
        }
        return chosen;
    }
}
