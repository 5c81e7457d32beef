package dev.flinfer.engine;

import dev.flinfer.engine.BatchingEngine.Pending;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The prepared records waiting for an inference worker, in the order they became ready, and the
 * rules for taking them: a one-shot batch when one is due (full, at its oldest record's latency
 * bound, or the rest of a batch that length bucketing cut short), chosen by {@link BatchSelector};
 * or the records that join a stepped task's running batch within its bounds.
 */
final class ReadyQueue<I, P, O> {
    private final BatchPolicy policy;
    private final long maxLatencyNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Pending<I, P, O>> ready = new ArrayList<>();
    private boolean closed;

    /**
     * The last batch was cut short by length bucketing: the records it left behind run next,
     * without waiting to fill a batch or for their latency bound.
     */
    private boolean draining;

    ReadyQueue(BatchPolicy policy) {
        this.policy = policy;
        this.maxLatencyNanos = policy.maxLatency().toNanos();
    }

    /** Adds a prepared record; false when the queue is closed. */
    boolean add(Pending<I, P, O> pending) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            ready.add(pending);
            if (ready.size() == 1 || ready.size() >= policy.maxBatchSize()) {
                changed.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a due batch and takes it; null once the queue is closed. */
    List<Pending<I, P, O>> takeBatch() throws InterruptedException {
        lock.lock();
        try {
            awaitDueBatch();
            if (closed) {
                return null;
            }
            List<Pending<I, P, O>> batch = chooseBatch();
            if (!ready.isEmpty()) {
                // Another idle worker may take what is left (or wait for its deadline).
                changed.signal();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * For a {@link SteppedTask}'s worker: the records that join its running batch of {@code live}
     * sequences holding {@code liveTokens}, oldest first, as many as the sequence and token bounds
     * leave room for. With nothing running it waits, as a one-shot batch does, until a batch is
     * due, and always takes at least one record; with sequences running it does not wait. Null once
     * the queue is closed.
     */
    List<Pending<I, P, O>> admit(int live, long liveTokens) throws InterruptedException {
        lock.lock();
        try {
            if (live == 0) {
                awaitDueBatch();
            }
            if (closed) {
                return null;
            }
            List<Pending<I, P, O>> joining = new ArrayList<>();
            long tokens = liveTokens;
            long maxTokens = policy.maxBatchTokens();
            while (!ready.isEmpty() && live + joining.size() < policy.maxBatchSize()) {
                Pending<I, P, O> next = ready.get(0);
                boolean first = live == 0 && joining.isEmpty();
                if (maxTokens > 0 && tokens + next.cost > maxTokens && !first) {
                    break;
                }
                ready.remove(0);
                joining.add(next);
                tokens += next.cost;
            }
            if (!ready.isEmpty()) {
                changed.signal();
            }
            return joining;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the queue: waiting workers return, and nothing more is added. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many prepared records wait. */
    int size() {
        lock.lock();
        try {
            return ready.size();
        } finally {
            lock.unlock();
        }
    }

    /** Takes every record still waiting (to cancel them). */
    List<Pending<I, P, O>> drain() {
        lock.lock();
        try {
            List<Pending<I, P, O>> rest = new ArrayList<>(ready);
            ready.clear();
            return rest;
        } finally {
            lock.unlock();
        }
    }

    /** Waits, holding the lock, until a batch is due or the queue closes. */
    private void awaitDueBatch() throws InterruptedException {
        while (!closed && !batchIsDue()) {
            if (ready.isEmpty()) {
                changed.await();
            } else {
                changed.awaitNanos(oldestSubmitNanos() + maxLatencyNanos - System.nanoTime());
            }
        }
    }

    private boolean batchIsDue() {
        if (ready.isEmpty()) {
            return false;
        }
        return draining
                || ready.size() >= policy.maxBatchSize()
                || System.nanoTime() - oldestSubmitNanos() >= maxLatencyNanos;
    }

    /** Removes the next batch from {@code ready}, as {@link BatchSelector} chooses it. */
    private List<Pending<I, P, O>> chooseBatch() {
        int[] chosen;
        if (policy.lengthBuckets() && ready.size() > 1) {
            int[] costs = new int[ready.size()];
            int oldest = -1;
            long now = System.nanoTime();
            for (int i = 0; i < costs.length; i++) {
                Pending<I, P, O> pending = ready.get(i);
                costs[i] = pending.cost;
                boolean overdue = now - pending.submitNanos >= maxLatencyNanos;
                if (overdue
                        && (oldest < 0 || pending.submitNanos < ready.get(oldest).submitNanos)) {
                    oldest = i;
                }
            }
            chosen = BatchSelector.lengthBucketed(costs, oldest, policy.maxBatchSize());
        } else {
            chosen = BatchSelector.fifo(ready.size(), policy.maxBatchSize());
        }
        draining = chosen.length < Math.min(ready.size(), policy.maxBatchSize());
        List<Pending<I, P, O>> batch = new ArrayList<>(chosen.length);
        for (int index : chosen) {
            batch.add(ready.get(index));
            ready.set(index, null);
        }
        ready.removeIf(pending -> pending == null);
        return batch;
    }

    private long oldestSubmitNanos() {
        long oldest = Long.MAX_VALUE;
        for (Pending<I, P, O> pending : ready) {
            oldest = Math.min(oldest, pending.submitNanos);
        }
        return oldest;
    }
}
