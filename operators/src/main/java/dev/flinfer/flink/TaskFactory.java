package dev.flinfer.flink;

import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Builds a task on the task manager, in {@code open()}: it travels with the job graph, the model
 * does not.
 */
@PublicEvolving
public interface TaskFactory extends Serializable {

    /** A short name for threads, logs and metrics (the model name). */
    String name();

    /** Opens the model; fails with a message naming the file when it cannot. */
    BatchTask<SourceRecord, ?, ?, Outcome> open();
}
