package dev.flinfer.engine;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The fault is the model's or the machine's, not a record's: the model failed on every record of a
 * batch, one by one, or with the machine's error ({@link MachineFaults}), or a record that ran
 * before failed alone too. Nothing is dead-lettered and the job fails (and restarts from its last
 * checkpoint).
 */
@PublicEvolving
public final class InferenceFailedException extends RuntimeException {
    public InferenceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
