package dev.flinfer.flink;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.flink.internal.BatchingAsyncFunction;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * How records reach a model: the batch policy, the capacity and timeout of Flink's ordered async
 * operator in front of the engine, and whether the engine is the slot's own or shared by the
 * TaskManager's slots ({@code sharedEngine}: one session, one batch queue for all of them).
 */
@PublicEvolving
public record BatchedInference(
        BatchPolicy policy, int capacity, Duration timeout, boolean sharedEngine)
        implements Serializable {

    /** An engine per slot. */
    public BatchedInference(BatchPolicy policy, int capacity, Duration timeout) {
        this(policy, capacity, timeout, false);
    }

    /**
     * One outcome per record of {@code records}, in input order, micro-batched through {@code
     * factory}.
     */
    public SingleOutputStreamOperator<Outcome> apply(
            DataStream<SourceRecord> records, TaskFactory factory) {
        return AsyncDataStream.orderedWait(
                        records,
                        new BatchingAsyncFunction(factory, policy, sharedEngine),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS,
                        capacity)
                .returns(TypeInformation.of(Outcome.class))
                .name("flinfer-" + factory.name());
    }
}
