package dev.flinfer.flink;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * A model as a step of a stream: micro-batched through a per-slot engine behind Flink's ordered
 * async operator ({@link #apply}), or one record at a time ({@link #mapFunction}). Subclasses say
 * which task.
 */
@PublicEvolving
public abstract class InferenceStage implements Serializable {
    private static final long serialVersionUID = 1L;

    private final BatchedInference batching;

    protected InferenceStage(BatchedInference batching) {
        this.batching = batching;
    }

    /** The task factory, for callers that drive an engine themselves (benchmarks, SQL). */
    public abstract TaskFactory factory();

    /** One outcome per record of {@code records}, in input order, micro-batched. */
    public SingleOutputStreamOperator<Outcome> apply(DataStream<SourceRecord> records) {
        return batching.apply(records, factory());
    }

    /** The per-record variant: no batching, inference on the task thread. */
    public RichMapFunction<SourceRecord, Outcome> mapFunction() {
        return new InferenceMapFunction(factory());
    }

    public BatchPolicy policy() {
        return batching.policy();
    }

    public int capacity() {
        return batching.capacity();
    }
}
