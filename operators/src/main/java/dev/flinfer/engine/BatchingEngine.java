package dev.flinfer.engine;

import dev.flinfer.record.BadRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.annotation.PublicEvolving;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forms micro-batches from single records and runs them through a {@link BatchTask}.
 *
 * <pre>{@code
 * BatchingEngine<SourceRecord, ?, ?, Outcome> engine =
 *         new BatchingEngine<>("minilm", task, BatchPolicy.defaults(), EngineListener.NONE);
 * CompletableFuture<Outcome> outcome = engine.submit(record);
 * }</pre>
 *
 * <p>Records are prepared on {@code prepareThreads} threads as they arrive, and a batch's outcomes
 * are made on a finishing thread, so preprocessing and postprocessing overlap inference. An idle
 * inference worker (there are {@code inferenceWorkers}, each running one batch at a time) closes a
 * batch when it holds {@code maxBatchSize} prepared records or when the oldest has waited {@code
 * maxLatency} since {@link #submit}, and runs it. When more records wait than fit in a batch and
 * {@code lengthBuckets} is on, the batch is the run of similar-length records that wastes least per
 * record ({@link BatchSelector}), always including a record that has waited its full latency bound.
 * Each record's future completes with its outcome; futures may complete out of order (Flink's
 * ordered async operator restores input order).
 *
 * <p>A {@link SteppedTask} (generation) runs in steps instead: each worker keeps a running batch,
 * waiting records join it before every step within {@code maxBatchSize} sequences and {@code
 * maxBatchTokens}, and a sequence leaves, its outcome made, after its own last step ({@code
 * SteppedLoop}). One-shot tasks keep the path above, untouched.
 *
 * <p>When a batch fails, the engine splits it in halves until the failing records stand alone:
 * those are rejected (dead-lettered) and the rest complete normally. When the fault is not theirs
 * their futures fail with {@link InferenceFailedException} (the job fails and restarts from its
 * checkpoint): when every record of a batch fails on its own; when the error is the machine's
 * ({@link MachineFaults}: a GPU, cuDNN, cuBLAS or TensorRT failure, out of memory); when a record
 * that ran before, run alone again, fails too (a broken device, whatever its message); or, before
 * any record has run, when {@value #LONE_FAILURES_IN_A_ROW} records in a row fail alone.
 */
@PublicEvolving
public final class BatchingEngine<I, P, B, O> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingEngine.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    /** With no record known to run, this many failing alone in a row are the machine's fault. */
    static final int LONE_FAILURES_IN_A_ROW = 3;

    private final String name;
    private final BatchTask<I, P, B, O> task;
    private final BatchPolicy policy;
    private final EngineListener listener;
    private final ExecutorService preparers;
    private final ExecutorService finisher;
    private final List<Thread> inferenceThreads = new ArrayList<>();
    private final ReadyQueue<I, P, O> ready;

    private volatile boolean running = true;

    /** A record the model ran in the last successful batch: the probe of the machine. */
    private volatile P knownGood;

    /** Records that failed alone since the last successful batch, when there was no probe. */
    private final AtomicInteger lonesFailedInARow = new AtomicInteger();

    public BatchingEngine(
            String name, BatchTask<I, P, B, O> task, BatchPolicy policy, EngineListener listener) {
        this.name = name;
        this.task = task;
        this.policy = policy;
        this.listener = listener;
        this.ready = new ReadyQueue<>(policy);
        AtomicInteger threadIndex = new AtomicInteger();
        this.preparers =
                Executors.newFixedThreadPool(
                        policy.preparationThreads(),
                        runnable ->
                                daemon(
                                        runnable,
                                        "flinfer-prepare-"
                                                + name
                                                + "-"
                                                + threadIndex.incrementAndGet()));
        this.finisher =
                Executors.newSingleThreadExecutor(
                        runnable -> daemon(runnable, "flinfer-finish-" + name));
        for (int i = 1; i <= policy.inferenceWorkers(); i++) {
            String suffix = policy.inferenceWorkers() == 1 ? "" : "-" + i;
            Runnable loop =
                    task instanceof SteppedTask<I, P, B, O> stepped
                            ? new SteppedLoop<>(this, stepped)::run
                            : this::inferenceLoop;
            inferenceThreads.add(daemon(loop, "flinfer-infer-" + name + suffix));
        }
        inferenceThreads.forEach(Thread::start);
    }

    /** Queues {@code input}; the future completes with its outcome. */
    public CompletableFuture<O> submit(I input) {
        Pending<I, P, O> pending = new Pending<>(input, System.nanoTime());
        if (!running) {
            pending.future.completeExceptionally(
                    new CancellationException("engine " + name + " is closed"));
            return pending.future;
        }
        preparers.execute(new PrepareJob(pending));
        return pending.future;
    }

    public BatchPolicy policy() {
        return policy;
    }

    /**
     * Stops the engine: batches not yet started are cancelled (Flink's async operator holds those
     * records in its checkpointed state), running batches are waited for, then the task is closed.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        ready.close();
        for (Runnable job : preparers.shutdownNow()) {
            ((PrepareJob) job)
                    .pending.future.completeExceptionally(
                            new CancellationException("engine " + name + " closed"));
        }
        try {
            task.stopRuns();
        } catch (RuntimeException e) {
            LOG.warn("Could not stop the running batches of {}", name, e);
        }
        long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_TIMEOUT_SECONDS);
        try {
            for (Thread thread : inferenceThreads) {
                thread.join(Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finisher.shutdown();
        try {
            if (!finisher.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn(
                        "Finishing thread of {} still busy after {} s",
                        name,
                        CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cancel(ready.drain());
        if (inferenceThreads.stream().anyMatch(Thread::isAlive)) {
            LOG.warn(
                    "An inference thread of {} still busy after {} s; leaving its model open",
                    name,
                    CLOSE_TIMEOUT_SECONDS);
            return;
        }
        task.close();
    }

    private void prepare(Pending<I, P, O> pending) {
        long start = System.nanoTime();
        try {
            pending.prepared = task.prepare(pending.input);
            pending.cost = task.cost(pending.prepared);
        } catch (BadRecordException e) {
            pending.future.complete(task.reject(pending.input, e));
            return;
        } catch (RuntimeException e) {
            pending.future.complete(
                    task.reject(
                            pending.input,
                            new BadRecordException(
                                    BadRecordException.PREPROCESSING_FAILED,
                                    "preprocessing failed: " + e,
                                    e)));
            return;
        }
        pending.readyNanos = System.nanoTime();
        pending.prepareNanos = pending.readyNanos - start;
        if (!ready.add(pending)) {
            pending.future.completeExceptionally(
                    new CancellationException("engine " + name + " closed"));
        }
    }

    private void inferenceLoop() {
        while (true) {
            List<Pending<I, P, O>> batch;
            try {
                batch = ready.takeBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            try {
                run(batch);
            } catch (Throwable t) {
                LOG.error("Batch of {} failed in {}", batch.size(), name, t);
                for (Pending<I, P, O> pending : batch) {
                    pending.future.completeExceptionally(t);
                }
            }
        }
    }

    private void run(List<Pending<I, P, O>> batch) {
        List<Pending<I, P, O>> failed = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        int succeeded = runIsolating(batch, failed, errors);
        if (failed.isEmpty()) {
            return;
        }
        Exception machineFault =
                errors.stream().filter(MachineFaults::isMachineFault).findFirst().orElse(null);
        if (machineFault == null && succeeded > 0 && task instanceof SteppedTask) {
            // a step's sequences run again apart: some ran, so the device works and the
            // others are at fault, however many
            lonesFailedInARow.set(0);
        } else if (machineFault == null && !(succeeded == 0 && batch.size() > 1)) {
            machineFault = faultByBehaviour(failed.size(), errors.get(0));
            if (!running) {
                cancel(failed);
                return;
            }
        }
        if ((succeeded == 0 && batch.size() > 1) || machineFault != null) {
            Exception cause = machineFault != null ? machineFault : errors.get(0);
            InferenceFailedException systemic =
                    new InferenceFailedException(
                            "Model "
                                    + name
                                    + (machineFault != null
                                            ? " failed for a reason that is not the record's (memory or"
                                                    + " device), also in smaller batches: "
                                            : " failed on each of the "
                                                    + batch.size()
                                                    + " records of a batch, one by one: ")
                                    + cause,
                            cause);
            for (Pending<I, P, O> pending : failed) {
                pending.future.completeExceptionally(systemic);
            }
            return;
        }
        for (int i = 0; i < failed.size(); i++) {
            Pending<I, P, O> pending = failed.get(i);
            Exception error = errors.get(i);
            LOG.warn(
                    "Model {} failed on record alone; dead-lettering it: {}",
                    name,
                    error.toString());
            pending.future.complete(
                    task.reject(
                            pending.input,
                            new BadRecordException(
                                    BadRecordException.INFERENCE_FAILED,
                                    "the model failed on this record (alone, in a batch of 1): "
                                            + error,
                                    error)));
        }
    }

    /**
     * Runs {@code batch}; on failure splits it until failing records stand alone. Returns
     * successes.
     */
    private int runIsolating(
            List<Pending<I, P, O>> batch, List<Pending<I, P, O>> failed, List<Exception> errors) {
        long start = System.nanoTime();
        List<P> prepared = new ArrayList<>(batch.size());
        long realCost = 0;
        long maxCost = 0;
        for (Pending<I, P, O> pending : batch) {
            prepared.add(pending.prepared);
            int cost = pending.cost;
            realCost += cost;
            maxCost = Math.max(maxCost, cost);
        }
        B result;
        try {
            result = task.infer(prepared);
        } catch (Exception e) {
            if (!running) {
                // Stopped by close(): not the records' fault, and Flink holds them for a replay.
                cancel(batch);
                return 0;
            }
            if (batch.size() == 1) {
                failed.add(batch.get(0));
                errors.add(e);
                return 0;
            }
            int half = batch.size() / 2;
            return runIsolating(batch.subList(0, half), failed, errors)
                    + runIsolating(batch.subList(half, batch.size()), failed, errors);
        }
        long inferred = System.nanoTime();
        knownGood = prepared.get(0);
        lonesFailedInARow.set(0);
        long real = realCost;
        long padded = maxCost * batch.size();
        finisher.execute(() -> finish(batch, result, start, inferred, real, padded));
        return batch.size();
    }

    /** Turns a batch's result into outcomes, on the finishing thread, while the next batch runs. */
    private void finish(
            List<Pending<I, P, O>> batch,
            B result,
            long start,
            long inferred,
            long realCost,
            long paddedCost) {
        List<O> outcomes = new ArrayList<>(batch.size());
        for (Pending<I, P, O> pending : batch) {
            outcomes.add(outcome(pending, result, outcomes.size()));
        }
        if (task instanceof SteppedTask<I, P, B, O> stepped) {
            // a stepped task run as one batch: its state is done with once the outcomes are made
            stepped.discard(result);
        }
        long finished = System.nanoTime();
        long[] waits = new long[batch.size()];
        long[] prepares = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            waits[i] = start - batch.get(i).readyNanos;
            prepares[i] = batch.get(i).prepareNanos;
        }
        // Reported before the futures complete, so metrics are current when a caller sees results.
        listener.onBatch(
                new BatchReport(
                        batch.size(),
                        realCost,
                        paddedCost,
                        waits,
                        prepares,
                        inferred - start,
                        finished - inferred));
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).future.complete(outcomes.get(i));
        }
    }

    private O outcome(Pending<I, P, O> pending, B result, int index) {
        try {
            return task.finish(pending.input, pending.prepared, result, index);
        } catch (BadRecordException e) {
            return task.reject(pending.input, e);
        } catch (RuntimeException e) {
            return task.reject(
                    pending.input,
                    new BadRecordException(
                            BadRecordException.INFERENCE_FAILED, "postprocessing failed: " + e, e));
        }
    }

    /** The records that join a stepped worker's running batch ({@link ReadyQueue#admit}). */
    List<Pending<I, P, O>> admit(int live, long liveTokens) throws InterruptedException {
        return ready.admit(live, liveTokens);
    }

    /** Prepared records waiting for a worker (for tests and metrics). */
    int waitingRecords() {
        return ready.size();
    }

    boolean isRunning() {
        return running;
    }

    /** A stepped worker's step ran: lone failures before it were not in a row. */
    void stepSucceeded() {
        lonesFailedInARow.set(0);
    }

    String name() {
        return name;
    }

    EngineListener listener() {
        return listener;
    }

    /** Completes finished sequences with their outcomes, on the finishing thread. */
    void finishSequences(List<Pending<I, P, O>> done, B state) {
        try {
            finisher.execute(
                    () -> {
                        for (Pending<I, P, O> pending : done) {
                            pending.future.complete(outcome(pending, state, 0));
                        }
                    });
        } catch (RejectedExecutionException e) {
            // closing: Flink holds these records in its state and replays them
            cancel(done);
        }
    }

    /**
     * After a failed step: the sequences of the failed batch run again from their beginning as
     * one-shot batches, split in halves until the failing ones stand alone, as any failed batch is
     * (a record the model fails on alone is dead-lettered; a machine fault fails the job).
     */
    void rerun(List<Pending<I, P, O>> sequences) {
        if (!running) {
            cancel(sequences);
            return;
        }
        run(sequences);
    }

    /**
     * Asks the machine whether {@code lone} records that failed alone (the first with {@code
     * error}) are at fault: a record that ran before is run alone again, and when it fails too, the
     * device is broken (returns the failure to report). With no such record yet, {@value
     * #LONE_FAILURES_IN_A_ROW} records failing alone in a row, with no success between them, are
     * taken for the machine. Returns null when the records are at fault.
     */
    private Exception faultByBehaviour(int lone, Exception error) {
        // a stepped task's sequence keeps its result in itself: running it again would rewrite it
        P probe = task instanceof SteppedTask ? null : knownGood;
        if (probe == null) {
            int inARow = lonesFailedInARow.addAndGet(lone);
            return inARow >= LONE_FAILURES_IN_A_ROW
                    ? new IllegalStateException(
                            inARow
                                    + " records in a row failed alone, none succeeded between"
                                    + " them; the last: "
                                    + error,
                            error)
                    : null;
        }
        try {
            task.infer(List.of(probe));
            return null;
        } catch (Exception probeError) {
            return new IllegalStateException(
                    "a record that ran before fails alone now too ("
                            + probeError
                            + "); the record's own error: "
                            + error,
                    probeError);
        }
    }

    void cancel(List<Pending<I, P, O>> records) {
        for (Pending<I, P, O> pending : records) {
            pending.future.completeExceptionally(
                    new CancellationException("engine " + name + " closed"));
        }
    }

    private static Thread daemon(Runnable runnable, String threadName) {
        Thread thread = new Thread(runnable, threadName);
        thread.setDaemon(true);
        return thread;
    }

    /** Prepares one record; a class so that close() can cancel jobs that never ran. */
    private final class PrepareJob implements Runnable {
        final Pending<I, P, O> pending;

        PrepareJob(Pending<I, P, O> pending) {
            this.pending = pending;
        }

        @Override
        public void run() {
            prepare(pending);
        }
    }

    /** One record on its way through the engine. */
    static final class Pending<I, P, O> {
        final I input;
        final long submitNanos;
        final CompletableFuture<O> future = new CompletableFuture<>();
        P prepared;
        int cost;
        long readyNanos;
        long prepareNanos;

        Pending(I input, long submitNanos) {
            this.input = input;
            this.submitNanos = submitNanos;
        }
    }
}
