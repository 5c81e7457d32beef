package dev.flinfer.tasks;

import dev.flinfer.session.SessionSettings;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What every task's settings say: which model and how to open its session. Settings are checked on
 * the client and travel with the job graph; the model is opened on the task manager.
 */
@PublicEvolving
public interface TaskSettings extends Serializable {
    /** A bundled model name or a bundle directory. */
    String model();

    /** Device and threads. */
    SessionSettings session();
}
