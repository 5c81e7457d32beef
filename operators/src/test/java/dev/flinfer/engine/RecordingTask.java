package dev.flinfer.engine;

import dev.flinfer.record.BadRecordException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * A hand-written task for engine tests: records are strings, "inference" upper-cases them, a record
 * for which {@code poison} holds makes any batch that contains it fail, every batch fails once
 * {@code brokenWith} is set (a broken device), and prepare rejects "bad".
 */
final class RecordingTask implements BatchTask<String, String, List<String>, String> {
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final List<List<String>> batches = new CopyOnWriteArrayList<>();

    /** When set, the first batch waits for it: records pile up behind a busy model. */
    volatile CountDownLatch gate;

    /** Counted down when a batch reaches the model. */
    final CountDownLatch entered = new CountDownLatch(1);

    /** Reaches zero when two batches are in the model at once. */
    final CountDownLatch inside = new CountDownLatch(2);

    /** When set, what a batch with a poison record fails with (instead of "cannot infer"). */
    volatile String poisonMessage;

    /** When set, every batch fails with this message: the device broke. */
    volatile String brokenWith;

    private final Predicate<String> poison;
    volatile boolean closed;

    RecordingTask(Predicate<String> poison) {
        this.poison = poison;
    }

    @Override
    public String prepare(String input) throws BadRecordException {
        if (input.equals("bad")) {
            throw new BadRecordException(BadRecordException.EMPTY_TEXT, "bad input");
        }
        return input;
    }

    @Override
    public int cost(String prepared) {
        return prepared.length();
    }

    @Override
    public List<String> infer(List<String> batch) throws InterruptedException {
        entered.countDown();
        inside.countDown();
        CountDownLatch waitFor = gate;
        if (waitFor != null) {
            waitFor.await();
        }
        if (stopped) {
            throw new IllegalStateException("Exiting due to terminate flag being set to true.");
        }
        batchSizes.add(batch.size());
        batches.add(List.copyOf(batch));
        String broken = brokenWith;
        if (broken != null) {
            throw new IllegalStateException(broken);
        }
        for (String record : batch) {
            if (poison.test(record)) {
                String message = poisonMessage;
                throw new IllegalStateException(
                        message != null
                                ? message
                                : record.startsWith("oom")
                                        ? "Failed to allocate memory for " + record
                                        : "cannot infer " + record);
            }
        }
        return batch.stream().map(String::toUpperCase).toList();
    }

    /** Set by {@link #stopRuns}: a batch held at the gate then fails, as ONNX Runtime's would. */
    volatile boolean stopped;

    @Override
    public void stopRuns() {
        stopped = true;
        CountDownLatch waitFor = gate;
        if (waitFor != null) {
            waitFor.countDown();
        }
    }

    @Override
    public String finish(String input, String prepared, List<String> result, int index) {
        return result.get(index);
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
    public void close() {
        closed = true;
    }
}
