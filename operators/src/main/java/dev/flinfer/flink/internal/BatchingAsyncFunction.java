package dev.flinfer.flink.internal;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.engine.BatchingEngine;
import dev.flinfer.engine.EngineListener;
import dev.flinfer.flink.TaskFactory;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * The async function in front of a per-slot {@link BatchingEngine}. Flink's ordered {@code
 * AsyncWaitOperator} around it keeps input order, applies backpressure through its capacity, puts
 * the records in flight into checkpoints and replays them after a failover; results come back
 * through the mailbox. So no record waiting in a batch is lost, and none is emitted twice with a
 * transactional sink.
 */
@Internal
public final class BatchingAsyncFunction extends RichAsyncFunction<SourceRecord, Outcome> {
    private static final long serialVersionUID = 1L;

    private final TaskFactory factory;
    private final BatchPolicy policy;
    private final boolean sharedEngine;
    private transient BatchingEngine<SourceRecord, ?, ?, Outcome> engine;
    private transient SharedEngines.Lease lease;
    private transient InferenceMetrics metrics;

    public BatchingAsyncFunction(TaskFactory factory, BatchPolicy policy) {
        this(factory, policy, false);
    }

    /**
     * With {@code sharedEngine}, the subtasks of this TaskManager that run the same task with the
     * same policy share one engine and one session ({@link SharedEngines}).
     */
    public BatchingAsyncFunction(TaskFactory factory, BatchPolicy policy, boolean sharedEngine) {
        this.factory = factory;
        this.policy = policy;
        this.sharedEngine = sharedEngine;
    }

    @Override
    public void open(OpenContext openContext) {
        if (sharedEngine) {
            lease = SharedEngines.acquire(factory, policy);
            metrics = metrics(lease.device(), lease.cpuFallback());
            lease.listen(metrics);
            engine = lease.engine();
            return;
        }
        BatchTask<SourceRecord, ?, ?, Outcome> task = factory.open();
        metrics = metrics(task.device(), task.cpuFallback());
        String name =
                factory.name() + "-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        engine = start(name, task, policy, metrics);
    }

    @Override
    public void asyncInvoke(SourceRecord input, ResultFuture<Outcome> resultFuture) {
        metrics.recordIn();
        CompletableFuture<Outcome> outcome = engine.submit(input);
        outcome.whenComplete(
                (result, error) -> {
                    if (error != null) {
                        resultFuture.completeExceptionally(error);
                    } else {
                        metrics.recordDone(result);
                        resultFuture.complete(Collections.singletonList(result));
                    }
                });
    }

    @Override
    public void timeout(SourceRecord input, ResultFuture<Outcome> resultFuture) {
        resultFuture.completeExceptionally(
                new TimeoutException(
                        "Inference of record "
                                + input.position()
                                + " by "
                                + factory.name()
                                + " did not finish within the async timeout; the job fails and"
                                + " restarts from its last checkpoint, the record is not lost"));
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.release();
            lease = null;
        } else if (engine != null) {
            engine.close();
        }
        engine = null;
    }

    private InferenceMetrics metrics(String device, boolean cpuFallback) {
        return new InferenceMetrics(getRuntimeContext().getMetricGroup(), device, cpuFallback);
    }

    /** Starts an engine over {@code task} (a method, to name the task's type parameters). */
    static <P, B> BatchingEngine<SourceRecord, P, B, Outcome> start(
            String name,
            BatchTask<SourceRecord, P, B, Outcome> task,
            BatchPolicy policy,
            EngineListener listener) {
        return new BatchingEngine<>(name, task, policy, listener);
    }
}
