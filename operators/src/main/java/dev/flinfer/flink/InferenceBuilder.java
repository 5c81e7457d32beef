package dev.flinfer.flink;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.session.Device;
import dev.flinfer.session.SessionSettings;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The settings every Flinfer operator shares: model, device, threads, batching and the async
 * operator's capacity and timeout. Each setter checks its value at once (the message names the bad
 * value); {@link #validateCommon()} checks them together when the task-specific builder builds.
 *
 * @param <B> the concrete builder, so that setters chain
 */
@PublicEvolving
public abstract class InferenceBuilder<B extends InferenceBuilder<B>> {
    /** Default capacity is this many batches in flight per slot. */
    public static final int DEFAULT_BATCHES_IN_FLIGHT = 4;

    protected String model;
    protected Device device = Device.parse(FlinferOptions.DEVICE.defaultValue());
    protected int intraOpThreads = FlinferOptions.INTRA_OP_THREADS.defaultValue();
    protected int maxBatchSize = BatchPolicy.DEFAULT_MAX_BATCH_SIZE;
    protected Duration maxLatency = BatchPolicy.DEFAULT_MAX_LATENCY;
    protected int prepareThreads = BatchPolicy.DEFAULT_PREPARE_THREADS;
    protected boolean lengthBuckets = BatchPolicy.DEFAULT_LENGTH_BUCKETS;
    protected int inferenceWorkers = BatchPolicy.DEFAULT_INFERENCE_WORKERS;
    protected boolean sharedEngine = FlinferOptions.SHARED_ENGINE.defaultValue();
    protected Integer capacity;
    protected Duration timeout = FlinferOptions.TIMEOUT.defaultValue();

    protected abstract B self();

    /** Takes every shared {@link FlinferOptions} key that {@code config} sets. */
    public B configure(ReadableConfig config) {
        config.getOptional(FlinferOptions.MODEL).ifPresent(this::setModel);
        config.getOptional(FlinferOptions.DEVICE).ifPresent(this::setDevice);
        config.getOptional(FlinferOptions.INTRA_OP_THREADS).ifPresent(this::setIntraOpThreads);
        config.getOptional(FlinferOptions.MAX_BATCH_SIZE).ifPresent(this::setMaxBatchSize);
        config.getOptional(FlinferOptions.MAX_LATENCY).ifPresent(this::setMaxLatency);
        config.getOptional(FlinferOptions.PREPARE_THREADS).ifPresent(this::setPrepareThreads);
        config.getOptional(FlinferOptions.LENGTH_BUCKETS).ifPresent(this::setLengthBuckets);
        config.getOptional(FlinferOptions.INFERENCE_WORKERS).ifPresent(this::setInferenceWorkers);
        config.getOptional(FlinferOptions.SHARED_ENGINE).ifPresent(this::setSharedEngine);
        config.getOptional(FlinferOptions.CAPACITY).ifPresent(this::setCapacity);
        config.getOptional(FlinferOptions.TIMEOUT).ifPresent(this::setTimeout);
        return self();
    }

    /** A bundled model name or a bundle directory (required). */
    public B setModel(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(
                    "model must be a model name or a directory, got '" + model + "'");
        }
        this.model = model;
        return self();
    }

    /** {@code auto}, {@code cpu} or {@code cuda:N}. */
    public B setDevice(String device) {
        this.device = Device.parse(device);
        return self();
    }

    public B setIntraOpThreads(int threads) {
        this.intraOpThreads = atLeast("intraOpThreads", threads, 0);
        return self();
    }

    public B setMaxBatchSize(int size) {
        this.maxBatchSize = atLeast("maxBatchSize", size, 1);
        return self();
    }

    public B setMaxLatency(Duration latency) {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("maxLatency must be >= 0, got " + latency);
        }
        this.maxLatency = latency;
        return self();
    }

    public B setPrepareThreads(int threads) {
        this.prepareThreads = atLeast("prepareThreads", threads, 1);
        return self();
    }

    /**
     * Whether records of similar length are batched together when more wait than fit in a batch
     * (default on).
     */
    public B setLengthBuckets(boolean on) {
        this.lengthBuckets = on;
        return self();
    }

    /**
     * Batches run at once on the slot's session (default 2), each with the intra-op threads. On a
     * CPU, two workers of one thread each keep both cores of a 2-core slot busy when other threads
     * (Kafka, Flink) preempt one of them, where one run on two threads waits for its slower half.
     */
    public B setInferenceWorkers(int workers) {
        this.inferenceWorkers = atLeast("inferenceWorkers", workers, 1);
        return self();
    }

    /**
     * Whether the slots of a TaskManager that run this operator share one engine: one session, one
     * set of inference workers and one batch queue (default off: an engine per slot). On a GPU this
     * batches across slots, as an inference server batches across clients, and loads the model
     * once; size the workers, threads and batch for the whole TaskManager then.
     */
    public B setSharedEngine(boolean shared) {
        this.sharedEngine = shared;
        return self();
    }

    /** Records in flight per slot; must be at least the max batch size. */
    public B setCapacity(int capacity) {
        this.capacity = atLeast("capacity", capacity, 1);
        return self();
    }

    public B setTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
        this.timeout = timeout;
        return self();
    }

    /** Checks the shared settings together and returns the batching part of them. */
    protected BatchedInference validateCommon() {
        if (model == null) {
            throw new IllegalStateException("No model set: call setModel(name or directory)");
        }
        int inFlight = capacity != null ? capacity : DEFAULT_BATCHES_IN_FLIGHT * maxBatchSize;
        if (inFlight < maxBatchSize) {
            throw new IllegalStateException(
                    "capacity ("
                            + inFlight
                            + ") is smaller than maxBatchSize ("
                            + maxBatchSize
                            + "): batches could never fill");
        }
        return new BatchedInference(
                new BatchPolicy(
                        maxBatchSize, maxLatency, prepareThreads, lengthBuckets, inferenceWorkers),
                inFlight,
                timeout,
                sharedEngine);
    }

    protected SessionSettings sessionSettings() {
        return new SessionSettings(device, intraOpThreads, inferenceWorkers, maxBatchSize);
    }

    protected static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    protected static String nonBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, got '" + value + "'");
        }
        return value;
    }
}
