package dev.flinfer.engine;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;

/**
 * When a batch closes: as soon as it holds {@code maxBatchSize} records, or when its oldest record
 * has waited {@code maxLatency}. {@code prepareThreads} threads decode and tokenize while the model
 * runs ({@link #ALL_CORES}: one per core of the machine the engine runs on). With {@code
 * lengthBuckets}, records of similar length (cost) are batched together when more wait than fit in
 * one batch. {@code inferenceWorkers} batches run at once on the one session, each with the
 * session's intra-op threads (on a CPU, workers times intra-op threads should match the slot's
 * cores). {@code maxBatchTokens} bounds the running batch of a {@link SteppedTask} (live sequences
 * times their cache length); 0 leaves only the sequence count.
 */
@PublicEvolving
public record BatchPolicy(
        int maxBatchSize,
        Duration maxLatency,
        int prepareThreads,
        boolean lengthBuckets,
        int inferenceWorkers,
        long maxBatchTokens)
        implements Serializable {
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    public static final Duration DEFAULT_MAX_LATENCY = Duration.ofMillis(20);
    public static final int DEFAULT_PREPARE_THREADS = 1;

    /**
     * {@code prepareThreads} of an engine that prepares for every slot of a TaskManager (a shared
     * engine whose preparation threads are not set): as many threads as the TaskManager's cores,
     * counted where the engine runs, not where the job is built.
     */
    public static final int ALL_CORES = 0;

    public static final boolean DEFAULT_LENGTH_BUCKETS = true;

    /**
     * Two: on a CPU, two runs of one thread each keep two cores busy when other threads (Kafka,
     * Flink) preempt one of them, where one run on two threads waits for its slower half; on a GPU,
     * one run's host work (copies, launches) overlaps the other's kernels.
     */
    public static final int DEFAULT_INFERENCE_WORKERS = 2;

    /** No bound on a running batch's tokens beyond its sequence count. */
    public static final long UNBOUNDED_TOKENS = 0;

    public BatchPolicy {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
        }
        if (maxLatency == null || maxLatency.isNegative()) {
            throw new IllegalArgumentException("maxLatency must be >= 0, got " + maxLatency);
        }
        if (prepareThreads < ALL_CORES) {
            throw new IllegalArgumentException(
                    "prepareThreads must be >= 1 (or 0 for every core), got " + prepareThreads);
        }
        if (inferenceWorkers < 1) {
            throw new IllegalArgumentException(
                    "inferenceWorkers must be >= 1, got " + inferenceWorkers);
        }
        if (maxBatchTokens < 0) {
            throw new IllegalArgumentException(
                    "maxBatchTokens must be >= 0 (0 = unbounded), got " + maxBatchTokens);
        }
    }

    /** A policy with no token bound (what one-shot tasks use). */
    public BatchPolicy(
            int maxBatchSize,
            Duration maxLatency,
            int prepareThreads,
            boolean lengthBuckets,
            int inferenceWorkers) {
        this(
                maxBatchSize,
                maxLatency,
                prepareThreads,
                lengthBuckets,
                inferenceWorkers,
                UNBOUNDED_TOKENS);
    }

    /** A policy with one inference worker. */
    public BatchPolicy(
            int maxBatchSize, Duration maxLatency, int prepareThreads, boolean lengthBuckets) {
        this(maxBatchSize, maxLatency, prepareThreads, lengthBuckets, 1);
    }

    /** A policy with length bucketing on and one inference worker. */
    public BatchPolicy(int maxBatchSize, Duration maxLatency, int prepareThreads) {
        this(maxBatchSize, maxLatency, prepareThreads, DEFAULT_LENGTH_BUCKETS);
    }

    public static BatchPolicy defaults() {
        return new BatchPolicy(
                DEFAULT_MAX_BATCH_SIZE,
                DEFAULT_MAX_LATENCY,
                DEFAULT_PREPARE_THREADS,
                DEFAULT_LENGTH_BUCKETS,
                DEFAULT_INFERENCE_WORKERS);
    }

    /** The preparation threads to start here: {@code prepareThreads}, or the cores for 0. */
    public int preparationThreads() {
        return prepareThreads == ALL_CORES
                ? Runtime.getRuntime().availableProcessors()
                : prepareThreads;
    }

    public BatchPolicy withLengthBuckets(boolean on) {
        return new BatchPolicy(
                maxBatchSize, maxLatency, prepareThreads, on, inferenceWorkers, maxBatchTokens);
    }

    public BatchPolicy withInferenceWorkers(int workers) {
        return new BatchPolicy(
                maxBatchSize, maxLatency, prepareThreads, lengthBuckets, workers, maxBatchTokens);
    }

    /**
     * The same policy with a bound on a running batch of a {@link SteppedTask}: the sum of its
     * sequences' costs (0 = unbounded). One-shot tasks do not read it.
     */
    public BatchPolicy withMaxBatchTokens(long tokens) {
        return new BatchPolicy(
                maxBatchSize, maxLatency, prepareThreads, lengthBuckets, inferenceWorkers, tokens);
    }
}
