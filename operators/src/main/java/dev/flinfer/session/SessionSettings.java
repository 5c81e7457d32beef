package dev.flinfer.session;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * How to open an ONNX Runtime session: the device, the number of intra-op threads per run, and how
 * many runs overlap on it ({@code concurrentRuns}, the engine's inference workers). Intra-op
 * threads 0 means "the cores shared among the runs": ONNX Runtime's own default (one per core) for
 * one run, cores / runs for several, resolved where the session opens (on the TaskManager, with its
 * cores). A slot should get the cores it owns, no more. The largest batch and the longest input
 * beyond the batch dimension ({@code maxBatchSize}, {@code maxLength}; 0 when not known) bound
 * TensorRT's optimisation profile ({@link TensorRtProfiles}).
 */
@PublicEvolving
public record SessionSettings(
        Device device, int intraOpThreads, int concurrentRuns, int maxBatchSize, int maxLength)
        implements Serializable {
    public static final int DEFAULT_INTRA_OP_THREADS = 0;

    public SessionSettings {
        if (maxBatchSize < 0 || maxLength < 0) {
            throw new IllegalArgumentException(
                    "maxBatchSize and maxLength must be >= 0 (0: not known), got "
                            + maxBatchSize
                            + " and "
                            + maxLength);
        }
        if (device == null) {
            throw new IllegalArgumentException("device must not be null");
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException(
                    "intraOpThreads must be >= 0, got " + intraOpThreads);
        }
        if (concurrentRuns < 1) {
            throw new IllegalArgumentException(
                    "concurrentRuns must be >= 1, got " + concurrentRuns);
        }
    }

    /** Settings with the batch and length bounds not known. */
    public SessionSettings(Device device, int intraOpThreads, int concurrentRuns) {
        this(device, intraOpThreads, concurrentRuns, 0, 0);
    }

    /** Settings for batches of at most {@code maxBatchSize} records. */
    public SessionSettings(
            Device device, int intraOpThreads, int concurrentRuns, int maxBatchSize) {
        this(device, intraOpThreads, concurrentRuns, maxBatchSize, 0);
    }

    /**
     * These settings for a model whose inputs are at most {@code maxLength} long beyond the batch
     * (the tokenizer's truncation length; the image side the preprocessing makes).
     */
    public SessionSettings withMaxLength(int maxLength) {
        return new SessionSettings(device, intraOpThreads, concurrentRuns, maxBatchSize, maxLength);
    }

    /** Settings for one run at a time. */
    public SessionSettings(Device device, int intraOpThreads) {
        this(device, intraOpThreads, 1);
    }

    public static SessionSettings cpu(int intraOpThreads) {
        return new SessionSettings(Device.CPU, intraOpThreads);
    }

    /**
     * The intra-op threads to ask ONNX Runtime for: as set, or (when 0) 0 for one run and this
     * machine's cores divided among several runs.
     */
    public int resolvedIntraOpThreads() {
        if (intraOpThreads > 0 || concurrentRuns == 1) {
            return intraOpThreads;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / concurrentRuns);
    }
}
