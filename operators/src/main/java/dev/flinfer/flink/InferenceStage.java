package dev.flinfer.flink;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.TaskDescriptor;
import dev.flinfer.tasks.TaskSettings;
import dev.flinfer.tasks.Tasks;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * A task as a step of a stream: micro-batched through a per-slot engine behind Flink's ordered
 * async operator ({@link #apply}), or one record at a time ({@link #mapFunction}). The task's
 * descriptor and checked settings say what runs.
 *
 * @param <S> the task's settings
 */
@PublicEvolving
public abstract class InferenceStage<S extends TaskSettings> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TaskDescriptor<S> task;
    private final S settings;
    private final BatchedInference batching;

    protected InferenceStage(TaskDescriptor<S> task, S settings, BatchedInference batching) {
        this.task = task;
        this.settings = settings;
        this.batching = batching;
    }

    /** The task factory, for callers that drive an engine themselves (benchmarks). */
    public TaskFactory factory() {
        return new DescriptorFactory<>(task, settings, Tasks.operatorName(task, settings));
    }

    /** One outcome per record of {@code records}, in input order, micro-batched. */
    public SingleOutputStreamOperator<Outcome> apply(DataStream<SourceRecord> records) {
        return batching.apply(records, factory());
    }

    /** The per-record variant: no batching, inference on the task thread. */
    public RichMapFunction<SourceRecord, Outcome> mapFunction() {
        return new InferenceMapFunction(factory());
    }

    public S settings() {
        return settings;
    }

    public BatchPolicy policy() {
        return batching.policy();
    }

    public int capacity() {
        return batching.capacity();
    }

    /** Opens a task's records on the task manager: the descriptor and its settings travel. */
    private record DescriptorFactory<S extends TaskSettings>(
            TaskDescriptor<S> task, S settings, String name) implements TaskFactory {
        @Override
        public BatchTask<SourceRecord, ?, ?, Outcome> open() {
            return task.openRecords(settings);
        }
    }
}
