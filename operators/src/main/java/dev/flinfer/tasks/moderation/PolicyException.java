package dev.flinfer.tasks.moderation;

import org.apache.flink.annotation.PublicEvolving;

/** A policy file that cannot be used; the message names the file and the problem. */
@PublicEvolving
public final class PolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
