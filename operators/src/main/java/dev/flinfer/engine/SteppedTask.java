package dev.flinfer.engine;

import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A task whose batch runs in steps, as generation does (one decoder step for every live sequence):
 * sequences join the running batch between two steps and leave it as soon as they are done, so a
 * long sequence does not hold the short ones back and a waiting record starts at the next step
 * (continuous, iteration-level batching). The engine bounds the running batch by {@link
 * BatchPolicy#maxBatchSize()} sequences and {@link BatchPolicy#maxBatchTokens()}, summing each
 * sequence's {@link #cost} (for generation: its prompt plus the tokens it may add, the cache it can
 * grow to).
 *
 * <pre>{@code
 * S state = task.start();
 * task.join(state, List.of(a, b));
 * List<P> done = task.step(state);     // a is done: finish(a), task.leave(state, done)
 * task.join(state, List.of(c));        // c takes a's place at the next step
 * }</pre>
 *
 * <p>A sequence's result lives in its prepared value: {@link #finish} reads it from there (on the
 * engine's finishing thread, while the state moves on). {@link #join} starts a sequence from its
 * beginning, also one that ran before: after a failed step the engine runs each live sequence
 * again, alone, to tell a bad record from a broken batch. The one-shot {@link #infer} is the same
 * loop for one fixed batch, so the per-record paths need nothing more.
 *
 * @param <I> input record
 * @param <P> prepared record, which holds its sequence's progress and result
 * @param <S> the running batch (e.g. the KV cache of its live sequences)
 * @param <O> outcome per record
 */
@PublicEvolving
public interface SteppedTask<I, P, S, O> extends BatchTask<I, P, S, O> {

    /** A new, empty running batch. */
    S start() throws Exception;

    /** Adds {@code sequences} to the running batch, each from its beginning. */
    void join(S state, List<P> sequences) throws Exception;

    /**
     * Runs one step for every live sequence; returns those now done (they may still be read, until
     * they are joined again).
     */
    List<P> step(S state) throws Exception;

    /**
     * Takes finished sequences out of the running batch, freeing what they held in it (their cache
     * rows). Their outcomes may be made at the same time, so it must leave their results alone.
     */
    void leave(S state, List<P> done);

    /** Releases a running batch (the engine is done with it, or a step failed). */
    default void discard(S state) {}

    /**
     * Runs {@code batch} to its end: join all, step until every sequence is done. The engine
     * discards the returned state once the batch's outcomes are made.
     */
    @Override
    default S infer(List<P> batch) throws Exception {
        S state = start();
        try {
            join(state, batch);
            int live = batch.size();
            while (live > 0) {
                List<P> done = step(state);
                live -= done.size();
                leave(state, done);
            }
            return state;
        } catch (Exception | Error e) {
            discard(state);
            throw e;
        }
    }
}
