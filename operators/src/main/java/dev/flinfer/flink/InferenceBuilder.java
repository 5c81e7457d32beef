package dev.flinfer.flink;

import static dev.flinfer.tasks.FlinferOptions.CAPACITY;
import static dev.flinfer.tasks.FlinferOptions.DEVICE;
import static dev.flinfer.tasks.FlinferOptions.INFERENCE_WORKERS;
import static dev.flinfer.tasks.FlinferOptions.INTRA_OP_THREADS;
import static dev.flinfer.tasks.FlinferOptions.LENGTH_BUCKETS;
import static dev.flinfer.tasks.FlinferOptions.MAX_BATCH_SIZE;
import static dev.flinfer.tasks.FlinferOptions.MAX_IMAGE_BYTES;
import static dev.flinfer.tasks.FlinferOptions.MAX_IMAGE_PIXELS;
import static dev.flinfer.tasks.FlinferOptions.MAX_LATENCY;
import static dev.flinfer.tasks.FlinferOptions.MODEL;
import static dev.flinfer.tasks.FlinferOptions.SHARED_ENGINE;
import static dev.flinfer.tasks.FlinferOptions.TIMEOUT;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.OptionRules;
import dev.flinfer.tasks.TaskDescriptor;
import dev.flinfer.tasks.TaskSettings;
import dev.flinfer.tasks.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The builder every Flinfer operator shares, over its task's {@link TaskDescriptor}: each setter
 * sets one of the task's {@code FlinferOptions} and checks its value at once ({@link OptionRules}:
 * the message names the bad value), {@link #configure} takes the same options from a Flink
 * configuration, and building checks them together.
 *
 * @param <B> the concrete builder, so that setters chain
 * @param <S> the task's settings
 */
@PublicEvolving
public abstract class InferenceBuilder<B extends InferenceBuilder<B, S>, S extends TaskSettings> {
    /** Default capacity is this many batches in flight per slot. */
    public static final int DEFAULT_BATCHES_IN_FLIGHT = 4;

    private final TaskDescriptor<S> task;
    private final Configuration config = new Configuration();

    protected InferenceBuilder(TaskDescriptor<S> task) {
        this.task = task;
    }

    protected abstract B self();

    /** Every option of this builder's task: the shared ones, the task's own, the operator's. */
    public List<ConfigOption<?>> options() {
        List<ConfigOption<?>> options = new ArrayList<>(Tasks.COMMON_OPTIONS);
        options.addAll(task.options());
        options.add(task.prepareThreads());
        options.addAll(FlinferOptions.OPERATOR_OPTIONS);
        return options;
    }

    /** Takes every option of {@link #options()} that {@code from} sets, checking each. */
    public B configure(ReadableConfig from) {
        for (ConfigOption<?> option : options()) {
            copy(from, option);
        }
        return self();
    }

    /** Sets {@code option} to {@code value}, checked. */
    public <T> B set(ConfigOption<T> option, T value) {
        config.set(option, OptionRules.check(option, value));
        return self();
    }

    /** A bundled model name or a bundle directory (required). */
    public B setModel(String model) {
        return set(MODEL, model);
    }

    /** {@code auto}, {@code cpu}, {@code cuda:N} or {@code tensorrt:N}. */
    public B setDevice(String device) {
        return set(DEVICE, device);
    }

    public B setIntraOpThreads(int threads) {
        return set(INTRA_OP_THREADS, threads);
    }

    public B setMaxBatchSize(int size) {
        return set(MAX_BATCH_SIZE, size);
    }

    public B setMaxLatency(Duration latency) {
        return set(MAX_LATENCY, latency);
    }

    public B setPrepareThreads(int threads) {
        return set(task.prepareThreads(), threads);
    }

    /**
     * Whether records of similar length are batched together when more wait than fit in a batch
     * (default on).
     */
    public B setLengthBuckets(boolean on) {
        return set(LENGTH_BUCKETS, on);
    }

    /**
     * Batches run at once on the slot's session (default 2), each with the intra-op threads. On a
     * CPU, two workers of one thread each keep both cores of a 2-core slot busy when other threads
     * (Kafka, Flink) preempt one of them, where one run on two threads waits for its slower half.
     */
    public B setInferenceWorkers(int workers) {
        return set(INFERENCE_WORKERS, workers);
    }

    /**
     * Whether the slots of a TaskManager that run this operator share one engine: one session, one
     * set of inference workers and one batch queue (default off: an engine per slot). On a GPU this
     * batches across slots, as an inference server batches across clients, and loads the model
     * once; size the workers, threads and batch for the whole TaskManager then.
     */
    public B setSharedEngine(boolean shared) {
        return set(SHARED_ENGINE, shared);
    }

    /** Records in flight per slot; must be at least the max batch size. */
    public B setCapacity(int capacity) {
        return set(CAPACITY, capacity);
    }

    public B setTimeout(Duration timeout) {
        return set(TIMEOUT, timeout);
    }

    /** The JSON field the result is added under. */
    public B setOutputField(String field) {
        return set(FlinferOptions.OUTPUT_FIELD, field);
    }

    /** Encoded size and pixel limits of images, checked before decoding. */
    protected B limits(ImageLimits limits) {
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null");
        }
        set(MAX_IMAGE_BYTES, limits.maxEncodedBytes());
        return set(MAX_IMAGE_PIXELS, limits.maxPixels());
    }

    /** The task's settings from what was set, checked together. */
    protected S settings() {
        return task.settings(config);
    }

    /** {@code stage}, told the options it was built from. */
    protected <T extends InferenceStage<S>> T built(T stage) {
        stage.builtFrom(config);
        return stage;
    }

    /** What was set, for task settings that need more than {@link #settings()}. */
    protected ReadableConfig config() {
        return config;
    }

    /** The batching part of what was set, checked together. */
    protected BatchedInference batching() {
        BatchPolicy policy = Tasks.policy(config, task);
        int inFlight =
                config.getOptional(CAPACITY)
                        .orElse(DEFAULT_BATCHES_IN_FLIGHT * policy.maxBatchSize());
        if (inFlight < policy.maxBatchSize()) {
            throw new IllegalStateException(
                    "capacity ("
                            + inFlight
                            + ") is smaller than maxBatchSize ("
                            + policy.maxBatchSize()
                            + "): batches could never fill");
        }
        return new BatchedInference(
                policy, inFlight, config.get(TIMEOUT), config.get(SHARED_ENGINE));
    }

    private <T> void copy(ReadableConfig from, ConfigOption<T> option) {
        from.getOptional(option).ifPresent(value -> set(option, value));
    }
}
