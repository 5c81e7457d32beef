package dev.flinfer.flink;

import dev.flinfer.tasks.TaskDescriptor;
import dev.flinfer.tasks.TaskSettings;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Any task as a step of a stream, configured by its options alone: what the job's command line
 * uses, and the way in for a task that has no builder of its own.
 *
 * <pre>{@code
 * Configuration conf = new Configuration();
 * conf.set(FlinferOptions.MODEL, "text-orientation");
 * InferenceStage<?> stage = TaskStage.builder(Tasks.byName("image-classification"))
 *         .configure(conf)
 *         .build();
 * Outcomes.Split out = Outcomes.split(stage.apply(records));
 * }</pre>
 *
 * @param <S> the task's settings
 */
@PublicEvolving
public final class TaskStage<S extends TaskSettings> extends InferenceStage<S> {
    private static final long serialVersionUID = 1L;

    private TaskStage(TaskDescriptor<S> task, S settings, BatchedInference batching) {
        super(task, settings, batching);
    }

    public static <S extends TaskSettings> Builder<S> builder(TaskDescriptor<S> task) {
        return new Builder<>(task);
    }

    /** Builds a {@link TaskStage}: {@code set} or {@code configure} its options, then build. */
    @PublicEvolving
    public static final class Builder<S extends TaskSettings>
            extends InferenceBuilder<Builder<S>, S> {
        private final TaskDescriptor<S> task;

        private Builder(TaskDescriptor<S> task) {
            super(task);
            this.task = task;
        }

        @Override
        protected Builder<S> self() {
            return this;
        }

        public TaskStage<S> build() {
            return built(new TaskStage<>(task, settings(), batching()));
        }
    }
}
