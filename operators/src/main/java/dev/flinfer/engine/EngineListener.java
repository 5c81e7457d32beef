package dev.flinfer.engine;

/** Hears what the engine did; the Flink layer turns it into metrics. Called from engine threads. */
public interface EngineListener {
    EngineListener NONE = report -> {};

    /** A batch ran through the model. */
    void onBatch(BatchReport report);
}
