package dev.flinfer.engine;

import dev.flinfer.record.BadRecordException;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The one-record loop: prepare, infer and finish a single record on the caller's thread, a record
 * at fault becoming the task's rejection, as the engine does for a batch of one; a fault of the
 * machine (memory, device) fails with {@link InferenceFailedException} instead. The per-record map
 * function and SQL's synchronous predict function both run it.
 *
 * <pre>{@code
 * Outcome outcome = OneRecord.run(task, record, listener);
 * }</pre>
 */
@PublicEvolving
public final class OneRecord {
    private OneRecord() {}

    /** The outcome of {@code input}; the stage times go to {@code listener} as a batch of one. */
    public static <I, P, B, O> O run(BatchTask<I, P, B, O> task, I input, EngineListener listener) {
        long start = System.nanoTime();
        P prepared;
        try {
            prepared = task.prepare(input);
        } catch (BadRecordException e) {
            return task.reject(input, e);
        } catch (RuntimeException e) {
            return task.reject(
                    input,
                    new BadRecordException(
                            BadRecordException.PREPROCESSING_FAILED,
                            "preprocessing failed: " + e,
                            e));
        }
        long prepareEnd = System.nanoTime();
        B result;
        try {
            result = task.infer(List.of(prepared));
        } catch (Exception e) {
            if (MachineFaults.isMachineFault(e)) {
                throw new InferenceFailedException(
                        "The model failed for a reason that is not the record's (memory or"
                                + " device): "
                                + e,
                        e);
            }
            return task.reject(
                    input,
                    new BadRecordException(
                            BadRecordException.INFERENCE_FAILED,
                            "the model failed on this record: " + e,
                            e));
        }
        long inferEnd = System.nanoTime();
        O outcome;
        try {
            outcome = task.finish(input, prepared, result, 0);
        } catch (BadRecordException e) {
            outcome = task.reject(input, e);
        } catch (RuntimeException e) {
            outcome =
                    task.reject(
                            input,
                            new BadRecordException(
                                    BadRecordException.INFERENCE_FAILED,
                                    "postprocessing failed: " + e,
                                    e));
        }
        if (task instanceof SteppedTask<I, P, B, O> stepped) {
            stepped.discard(result);
        }
        int cost = task.cost(prepared);
        listener.onBatch(
                new BatchReport(
                        1,
                        cost,
                        cost,
                        new long[] {0},
                        new long[] {prepareEnd - start},
                        inferEnd - prepareEnd,
                        System.nanoTime() - inferEnd));
        return outcome;
    }
}
