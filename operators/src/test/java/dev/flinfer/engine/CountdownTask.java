package dev.flinfer.engine;

import dev.flinfer.record.BadRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written stepped task for engine tests: a record {@code "name:N"} is a sequence that needs
 * N steps; each step is recorded with the sequences in it; a live {@code poison} sequence makes
 * every step fail. The first step can be held at a gate until the test lets it go.
 */
final class CountdownTask
        implements SteppedTask<
                String, CountdownTask.Sequence, List<CountdownTask.Sequence>, String> {

    /** A sequence's progress and, once done, its result. */
    static final class Sequence {
        final String name;
        final int needed;
        int steps;
        String result;

        Sequence(String name, int needed) {
            this.name = name;
            this.needed = needed;
        }
    }

    final List<List<String>> steps = new CopyOnWriteArrayList<>();
    final CountDownLatch prepared;
    volatile CountDownLatch firstStepGate;

    /** How many calls of {@link #start} still fail. */
    final java.util.concurrent.atomic.AtomicInteger failingStarts =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Sequences joined to a running batch so far. */
    final java.util.concurrent.atomic.AtomicInteger joined =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Running batches started and not yet discarded. */
    final java.util.concurrent.atomic.AtomicInteger openStates =
            new java.util.concurrent.atomic.AtomicInteger();

    CountdownTask(int records) {
        this.prepared = new CountDownLatch(records);
    }

    @Override
    public Sequence prepare(String input) throws BadRecordException {
        String[] parts = input.split(":");
        if (parts.length != 2) {
            throw new BadRecordException(BadRecordException.MALFORMED_JSON, "not name:N");
        }
        Sequence sequence = new Sequence(parts[0], Integer.parseInt(parts[1]));
        prepared.countDown();
        return sequence;
    }

    /** The cache a sequence may grow to: its steps plus one. */
    @Override
    public int cost(Sequence prepared) {
        return prepared.needed + 1;
    }

    @Override
    public List<Sequence> start() {
        if (failingStarts.getAndDecrement() > 0) {
            throw new IllegalStateException("cannot start a batch");
        }
        openStates.incrementAndGet();
        return new ArrayList<>();
    }

    @Override
    public void discard(List<Sequence> state) {
        openStates.decrementAndGet();
    }

    @Override
    public void join(List<Sequence> state, List<Sequence> sequences) {
        joined.addAndGet(sequences.size());
        for (Sequence sequence : sequences) {
            sequence.steps = 0;
            sequence.result = null;
            state.add(sequence);
        }
    }

    @Override
    public List<Sequence> step(List<Sequence> state) throws Exception {
        CountDownLatch gate = firstStepGate;
        if (gate != null && steps.isEmpty()) {
            gate.await(10, TimeUnit.SECONDS);
        }
        steps.add(state.stream().map(s -> s.name).toList());
        List<Sequence> done = new ArrayList<>();
        for (Sequence sequence : state) {
            if (sequence.name.startsWith("poison")) {
                throw new IllegalStateException("cannot step " + sequence.name);
            }
            sequence.steps++;
            if (sequence.steps == sequence.needed) {
                sequence.result = sequence.name.toUpperCase() + "@" + sequence.steps;
                done.add(sequence);
            }
        }
        return done;
    }

    @Override
    public void leave(List<Sequence> state, List<Sequence> done) {
        state.removeAll(done);
    }

    @Override
    public String finish(String input, Sequence prepared, List<Sequence> state, int index) {
        return prepared.result;
    }

    @Override
    public String reject(String input, BadRecordException error) {
        return "DEAD[" + error.code() + "]:" + input;
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public boolean cpuFallback() {
        return false;
    }

    @Override
    public void close() {}
}
