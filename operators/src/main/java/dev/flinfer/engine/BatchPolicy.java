package dev.flinfer.engine;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a batch closes: as soon as it holds {@code maxBatchSize} records, or when its oldest record
 * has waited {@code maxLatency}. {@code prepareThreads} threads decode and tokenize while the model
 * runs. With {@code lengthBuckets}, records of similar length (cost) are batched together when more
 * wait than fit in one batch.
 */
public record BatchPolicy(
        int maxBatchSize, Duration maxLatency, int prepareThreads, boolean lengthBuckets)
        implements Serializable {
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    public static final Duration DEFAULT_MAX_LATENCY = Duration.ofMillis(20);
    public static final int DEFAULT_PREPARE_THREADS = 1;
    public static final boolean DEFAULT_LENGTH_BUCKETS = true;

    public BatchPolicy {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
        }
        if (maxLatency == null || maxLatency.isNegative()) {
            throw new IllegalArgumentException("maxLatency must be >= 0, got " + maxLatency);
        }
        if (prepareThreads < 1) {
            throw new IllegalArgumentException(
                    "prepareThreads must be >= 1, got " + prepareThreads);
        }
    }

    /** A policy with length bucketing on. */
    public BatchPolicy(int maxBatchSize, Duration maxLatency, int prepareThreads) {
        this(maxBatchSize, maxLatency, prepareThreads, DEFAULT_LENGTH_BUCKETS);
    }

    public static BatchPolicy defaults() {
        return new BatchPolicy(
                DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_LATENCY, DEFAULT_PREPARE_THREADS);
    }

    public BatchPolicy withLengthBuckets(boolean on) {
        return new BatchPolicy(maxBatchSize, maxLatency, prepareThreads, on);
    }
}
