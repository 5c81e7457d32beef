package dev.flinfer.engine;

import dev.flinfer.engine.BatchingEngine.Pending;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inference worker of a {@link SteppedTask}: keeps a running batch, lets waiting records join
 * it before every step (within the sequence and token bounds), runs the step, and hands the
 * sequences that are done to the finishing thread at once, so they leave the batch after their own
 * last step, not the batch's. A failed step runs its sequences again as one-shot batches, which the
 * engine splits until a failing record stands alone.
 */
final class SteppedLoop<I, P, S, O> {
    private static final Logger LOG = LoggerFactory.getLogger(SteppedLoop.class);

    private final BatchingEngine<I, P, S, O> engine;
    private final SteppedTask<I, P, S, O> task;

    SteppedLoop(BatchingEngine<I, P, S, O> engine, SteppedTask<I, P, S, O> task) {
        this.engine = engine;
        this.task = task;
    }

    void run() {
        Map<P, Pending<I, P, O>> live = new IdentityHashMap<>();
        long liveTokens = 0;
        S state = null;
        try {
            while (true) {
                List<Pending<I, P, O>> joining = engine.admit(live.size(), liveTokens);
                if (joining == null) {
                    engine.cancel(new ArrayList<>(live.values()));
                    return;
                }
                long start = System.nanoTime();
                // live before anything can fail, so that a failure reruns the joining records too
                List<P> sequences = new ArrayList<>(joining.size());
                for (Pending<I, P, O> pending : joining) {
                    sequences.add(pending.prepared);
                    live.put(pending.prepared, pending);
                    liveTokens += pending.cost;
                }
                try {
                    if (state == null) {
                        state = task.start();
                    }
                    if (!sequences.isEmpty()) {
                        task.join(state, sequences);
                    }
                    int size = live.size();
                    long stepTokens = liveTokens;
                    List<P> done = task.step(state);
                    List<Pending<I, P, O>> finished = new ArrayList<>(done.size());
                    for (P sequence : done) {
                        Pending<I, P, O> pending = live.remove(sequence);
                        if (pending != null) {
                            finished.add(pending);
                            liveTokens -= pending.cost;
                        }
                    }
                    // done: their outcomes are made whatever happens to the batch from here on
                    if (!finished.isEmpty()) {
                        engine.finishSequences(finished, state);
                    }
                    task.leave(state, done);
                    engine.stepSucceeded();
                    report(size, stepTokens, joining, start);
                } catch (Exception e) {
                    List<Pending<I, P, O>> failed = new ArrayList<>(live.values());
                    live.clear();
                    liveTokens = 0;
                    if (state != null) {
                        task.discard(state);
                        state = null;
                    }
                    if (engine.isRunning()) {
                        LOG.warn(
                                "A step of {} failed with {} sequences; running them again apart: {}",
                                engine.name(),
                                failed.size(),
                                e.toString());
                    }
                    try {
                        engine.rerun(failed);
                    } catch (Throwable t) {
                        // an Error while they run again: they fail with it (and the job), none
                        // is left waiting
                        for (Pending<I, P, O> pending : failed) {
                            pending.future.completeExceptionally(t);
                        }
                        throw t;
                    }
                }
            }
        } catch (InterruptedException e) {
            engine.cancel(new ArrayList<>(live.values()));
        } catch (Throwable t) {
            // an Error (out of memory, a broken native library): the records in the batch fail,
            // and with them the job, which restarts from its checkpoint
            LOG.error("The stepped worker of {} stopped", engine.name(), t);
            for (Pending<I, P, O> pending : live.values()) {
                pending.future.completeExceptionally(t);
            }
        } finally {
            if (state != null) {
                task.discard(state);
            }
        }
    }

    /** One step as a batch: its live sequences, their tokens, and the time the step took. */
    private void report(int size, long tokens, List<Pending<I, P, O>> joined, long start) {
        long[] waits = new long[joined.size()];
        long[] prepares = new long[joined.size()];
        for (int i = 0; i < joined.size(); i++) {
            waits[i] = start - joined.get(i).readyNanos;
            prepares[i] = joined.get(i).prepareNanos;
        }
        engine.listener()
                .onBatch(
                        new BatchReport(
                                size,
                                tokens,
                                tokens,
                                waits,
                                prepares,
                                System.nanoTime() - start,
                                0));
    }
}
