package dev.flinfer.engine;

import dev.flinfer.record.BadRecordException;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What a {@link BatchingEngine} runs, in three stages: {@link #prepare} one record (decode,
 * tokenize; on the engine's preprocessing threads), {@link #infer} one batch (on an inference
 * worker; with more than one worker, batches run at once, so {@code infer} must be thread-safe),
 * {@link #finish} one record from the batch's result. A record whose content is at fault becomes
 * {@link #reject}'s outcome. A task that runs a batch in steps, with sequences joining and leaving
 * between them (generation), is a {@link SteppedTask}.
 *
 * @param <I> input record
 * @param <P> prepared record (e.g. token ids)
 * @param <B> result of one batch (e.g. a matrix of embeddings)
 * @param <O> outcome per record
 */
@PublicEvolving
public interface BatchTask<I, P, B, O> extends AutoCloseable {

    /**
     * Turns a record into model input; throws {@link BadRecordException} when its content is
     * unusable.
     */
    P prepare(I input) throws BadRecordException;

    /**
     * The record's size for padding (tokens for text, 1 for fixed-size images); for a {@link
     * SteppedTask}, the tokens its sequence may hold (what the token bound counts).
     */
    int cost(P prepared);

    /**
     * Runs the model once on the whole batch. Any exception makes the engine isolate the culprit.
     * The result must stay valid after the next call: {@link #finish} reads it on another thread
     * while the next batch runs (so it must not be a view of buffers the next batch reuses).
     */
    B infer(List<P> batch) throws Exception;

    /** The outcome of record {@code index} of the batch (on the engine's finishing thread). */
    O finish(I input, P prepared, B result, int index) throws BadRecordException;

    /** The outcome for a record that cannot be processed. */
    O reject(I input, BadRecordException error);

    /** Where the model runs: {@code cpu} or {@code cuda:N}. */
    String device();

    /** Whether the device was {@code auto} and CUDA could not be used. */
    boolean cpuFallback();

    /**
     * Asks the model to stop the batches it is running (they fail); the engine calls it when it
     * closes, so that a long batch does not hold up a cancel or a failover. Their records are not
     * lost: Flink's async operator holds them in its checkpointed state.
     */
    default void stopRuns() {}

    /** Releases the model; called once, after the last batch. */
    @Override
    void close();
}
