package dev.flinfer.tasks;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.session.ModelSession;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The model side of a task, apart from where its values come from and where its results go: turns
 * one value (a text, an encoded image, a post) into model input, runs a batch, and gives each
 * value's result (an embedding, labelled scores, a verdict). The record adapter ({@link
 * RecordTask}) feeds it from Kafka records, the SQL adapter from table rows.
 *
 * <pre>{@code
 * try (TextEmbeddingModel model = TextEmbeddingModel.open(bundle, SessionSettings.cpu(2))) {
 *     TokenizedText tokens = model.prepare("a text");
 *     float[] vector = model.result(model.infer(List.of(tokens)), 0);
 * }
 * }</pre>
 *
 * <p>This base owns the sessions: where they run, whether {@code auto} fell back to the CPU,
 * stopping their runs, and closing them (idempotent) with whatever else the model holds.
 *
 * @param <V> one value (text, image bytes, post)
 * @param <P> prepared value (tokens, pixels)
 * @param <B> result of one batch
 * @param <R> result of one value
 */
@PublicEvolving
public abstract class ModelTask<V, P, B, R> implements AutoCloseable {
    private final List<ModelSession> sessions;
    private final List<? extends AutoCloseable> resources;
    private boolean closed;

    /**
     * @param sessions the sessions this model runs, the first naming the device
     * @param resources what else to close, after the sessions (tokenizers, inner models)
     */
    protected ModelTask(List<ModelSession> sessions, List<? extends AutoCloseable> resources) {
        this.sessions = List.copyOf(sessions);
        this.resources = List.copyOf(resources);
    }

    /** Turns a value into model input; throws {@link BadRecordException} when it is unusable. */
    public abstract P prepare(V value) throws BadRecordException;

    /** The value's size for padding (tokens for text, 1 for fixed-size images). */
    public abstract int cost(P prepared);

    /**
     * Runs the model once on a batch. The result must stay valid while the next batch runs (it is
     * read on another thread), so it must not be a view of buffers the next batch reuses.
     */
    public abstract B infer(List<P> batch) throws Exception;

    /** The result of value {@code index} of the batch. */
    public abstract R result(B batch, int index) throws BadRecordException;

    /** The bundle whose name and version results and dead letters carry. */
    public abstract ModelBundle bundle();

    /** A name for dead letters: the bundle's name, or the names of all of a task's models. */
    public String modelName() {
        return bundle().name();
    }

    /** Where the model runs: {@code cpu} or {@code cuda:N}. */
    public String device() {
        return sessions.get(0).activeDevice();
    }

    /** Whether the device was {@code auto} and CUDA could not be used, for any session. */
    public boolean cpuFallback() {
        return sessions.stream().anyMatch(session -> session.fallbackReason() != null);
    }

    /** Stops the runs in progress (they fail), for a close that must not wait for them. */
    public void stopRuns() {
        sessions.forEach(ModelSession::stopRuns);
    }

    /** Closes the sessions, then the other resources. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (ModelSession session : sessions) {
            session.close();
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + modelName() + " failed", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Runs {@code open} and, when it throws, closes {@code opened} (what was opened before it), so
     * that a model that fails its checks at start leaves no native memory behind: {@code
     * closingOnFailure(tokenizer, () -> ModelSession.open(bundle, settings))}.
     */
    public static <T> T closingOnFailure(AutoCloseable opened, Opener<T> open) {
        try {
            return open.open();
        } catch (RuntimeException | Error e) {
            try {
                opened.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** What {@link #closingOnFailure} runs. */
    @PublicEvolving
    @FunctionalInterface
    public interface Opener<T> {
        T open();
    }
}
