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
import org.apache.flink.configuration.Configuration;
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
    private Configuration options;

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

    /** The task's descriptor. */
    public TaskDescriptor<S> task() {
        return task;
    }

    /**
     * The options the stage was built from, so that another version of its model can be opened with
     * the same settings ({@link ModelLifecycle}).
     */
    public Configuration options() {
        if (options == null) {
            throw new IllegalStateException("this stage was not made by an InferenceBuilder");
        }
        return new Configuration(options);
    }

    /** Called by the builder that made this stage. */
    void builtFrom(Configuration from) {
        this.options = new Configuration(from);
    }

    public S settings() {
        return settings;
    }

    public BatchPolicy policy() {
        return batching.policy();
    }

    /** The batch policy, the async operator's capacity and timeout, the engine's sharing. */
    public BatchedInference batching() {
        return batching;
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
