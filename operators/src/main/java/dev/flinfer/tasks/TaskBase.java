package dev.flinfer.tasks;

import org.apache.flink.annotation.PublicEvolving;

/**
 * What every {@link TaskDescriptor} says about itself, given once to the constructor: its name,
 * verb, what it reads and writes, and its default model.
 *
 * <pre>{@code
 * public final class MyTask extends TaskBase<MySettings> {
 *     private MyTask() {
 *         super("my-task", "tag", Reads.TEXT, Writes.LABELS, "my-default-model");
 *     }
 * }
 * }</pre>
 *
 * @param <S> the task's settings
 */
@PublicEvolving
public abstract class TaskBase<S extends TaskSettings> implements TaskDescriptor<S> {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String verb;
    private final Reads reads;
    private final Writes writes;
    private final String defaultModel;

    protected TaskBase(String name, String verb, Reads reads, Writes writes, String defaultModel) {
        this.name = name;
        this.verb = verb;
        this.reads = reads;
        this.writes = writes;
        this.defaultModel = defaultModel;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String verb() {
        return verb;
    }

    @Override
    public final Reads reads() {
        return reads;
    }

    @Override
    public final Writes writes() {
        return writes;
    }

    @Override
    public final String defaultModel() {
        return defaultModel;
    }

    @Override
    public String toString() {
        return name;
    }
}
