package dev.flinfer.engine;

import org.apache.flink.annotation.PublicEvolving;

/** Hears what the engine did; the Flink layer turns it into metrics. Called from engine threads. */
@PublicEvolving
public interface EngineListener {
    EngineListener NONE = report -> {};

    /** A batch ran through the model. */
    void onBatch(BatchReport report);
}
