package dev.flinfer.sql.internal;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.sql.OnnxModelOptions.OnError;
import dev.flinfer.tasks.TaskDescriptor;
import dev.flinfer.tasks.TaskSettings;
import java.io.Serializable;
import org.apache.flink.annotation.Internal;

/**
 * Everything a task manager needs to run one {@code CREATE MODEL ... 'provider' = 'onnx'}: checked
 * at planning by {@link ModelSpecs}, shipped with the job, opened in the predict function.
 *
 * @param name the model's SQL name, for threads, logs and errors
 * @param task the task the model runs (text embedding, text or image classification)
 * @param settings the task's settings, from the same options the DataStream builders take
 * @param policy batch size, latency and preparation threads
 * @param maxTextChars longer texts are bad rows
 * @param onError what a bad row becomes
 * @param layout how results fill the output columns
 * @param versions how the served version changes while the query runs; null when it does not
 */
@Internal
public record ModelSpec(
        String name,
        TaskDescriptor<?> task,
        TaskSettings settings,
        BatchPolicy policy,
        int maxTextChars,
        OnError onError,
        OutputLayout layout,
        SqlVersions versions)
        implements Serializable {

    /** What the single input column holds: a text or an encoded image. */
    public TaskDescriptor.Reads input() {
        return task.reads();
    }

    /** This spec at {@code version} of its repository: the same, with that version's settings. */
    public ModelSpec atVersion(int version) {
        TaskSettings at = task.settings(versions.optionsOf(version));
        return new ModelSpec(name, task, at, policy, maxTextChars, onError, layout, versions);
    }
}
