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
 * run of neighbours in that order that wastes least per record (padding plus the batch's fixed
 * cost, shared), so ten-token texts are not padded to the length of a 256-token one. A record that
 * has waited its full latency bound is overdue: the batch must then contain the oldest overdue
 * record, so no record waits past its bound because shorter ones keep arriving. Without bucketing
 * the batch is the oldest records, in arrival order.
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
     * The fixed cost of running a batch, in cost units (tokens): measured for MiniLM on two CPU
     * cores, one run costs about what 10 more tokens do. A batch is worth splitting when it would
     * pad each record by more than this shared overhead saves.
     */
    static final int RUN_OVERHEAD_COST = 16;

    /**
     * The run of records in cost order, at most {@code maxBatchSize} long, that wastes least per
     * record: the run's fixed cost plus its padding, shared among its records. Equal costs make
     * full batches; a few long records among many short ones make a batch of their own. The run
     * contains record {@code mustInclude} when that is not negative (the oldest overdue record).
     *
     * @param costs cost of each waiting record, in arrival order
     * @return indexes into {@code costs} of the chosen records, in ascending cost
     */
    static int[] lengthBucketed(int[] costs, int mustInclude, int maxBatchSize) {
        int waiting = costs.length;
        if (waiting <= 1) {
            return fifo(waiting, maxBatchSize);
        }
        Integer[] order = new Integer[waiting];
        for (int i = 0; i < waiting; i++) {
            order[i] = i;
        }
        // Stable: records of equal cost stay in arrival order, so older ones go first.
        Arrays.sort(order, Comparator.comparingInt(i -> costs[i]));
        long[] prefix = new long[waiting + 1];
        int forced = -1;
        for (int p = 0; p < waiting; p++) {
            prefix[p + 1] = prefix[p] + costs[order[p]];
            if (order[p] == mustInclude) {
                forced = p;
            }
        }
        int bestStart = 0;
        int bestSize = 1;
        double bestWaste = Double.MAX_VALUE;
        for (int start = 0; start < waiting; start++) {
            if (forced >= 0 && (start > forced || forced - start >= maxBatchSize)) {
                continue;
            }
            int firstSize = forced >= 0 ? forced - start + 1 : 1;
            for (int size = firstSize; size <= maxBatchSize && start + size <= waiting; size++) {
                int end = start + size;
                long padding = (long) costs[order[end - 1]] * size - (prefix[end] - prefix[start]);
                double waste = (double) (RUN_OVERHEAD_COST + padding) / size;
                // Ties go to the larger batch, then to the earlier run.
                if (waste < bestWaste || (waste == bestWaste && size > bestSize)) {
                    bestWaste = waste;
                    bestStart = start;
                    bestSize = size;
                }
            }
        }
        int[] chosen = new int[bestSize];
        for (int i = 0; i < bestSize; i++) {
            chosen[i] = order[bestStart + i];
        }
        return chosen;
    }
}
