package dev.flinfer.generation;

import dev.flinfer.session.ModelSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.flink.annotation.Internal;

/**
 * The decoder calls of one model family: the first call of newly joined sequences (the prompt, or
 * the encoder and the decoder's start token), and one step of a cohort. Thread-safe: each running
 * batch brings its own cohorts, the sessions are shared.
 */
interface StepGraph extends AutoCloseable {

    /** The first call's cohort, and the logits its rows' next tokens are chosen from. */
    @Internal
    record First(Cohort cohort, FloatBuffer logits, int[] offsets) {}

    /**
     * Runs the first call of {@code sequences}, one row each; {@code scratch} lends a direct buffer
     * of at least the floats asked, valid until the next call (for the first call's logits).
     */
    First first(List<Sequence> sequences, IntFunction<FloatBuffer> scratch) throws Exception;

    /** Runs one step of every row of {@code cohort}: logits {@code [rows, vocab]}. */
    FloatBuffer step(Cohort cohort) throws Exception;

    /**
     * Whether the prompt is part of the decoder's sequence (a decoder-only model); such cohorts may
     * be joined into one, as a mask covers each row's padding.
     */
    boolean decoderOnly();

    ModelShape shape();

    /** The sessions the graph runs, the first naming the device. */
    List<ModelSession> sessions();

    /** Asks the sessions to stop the runs in progress. */
    default void stopRuns() {
        sessions().forEach(ModelSession::stopRuns);
    }

    @Override
    default void close() {
        sessions().forEach(ModelSession::close);
    }
}
