package dev.flinfer.engine;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Where the time of one batch went. Times are nanoseconds; {@code queueWaitNanos[i]} is how long
 * record i waited between its preprocessing and the start of the batch, {@code prepareNanos[i]} its
 * preprocessing.
 */
@PublicEvolving
public record BatchReport(
        int size,
        long realCost,
        long paddedCost,
        long[] queueWaitNanos,
        long[] prepareNanos,
        long inferNanos,
        long finishNanos) {

    /** Share of padded slots, 0 when every record of the batch has the same cost. */
    public double paddingRatio() {
        return paddedCost == 0 ? 0 : 1.0 - (double) realCost / paddedCost;
    }
}
