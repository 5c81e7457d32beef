package dev.flinfer.bundle;

import java.nio.file.Path;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A model bundle cannot be used. The message always names the file (or the model name) and what is
 * wrong with it, because this is what a user sees when a job fails at start.
 */
@PublicEvolving
public final class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem with the file (or bundle directory) at {@code path}. */
    public static ModelLoadException at(Path path, String problem) {
        return new ModelLoadException("Model file " + path.toAbsolutePath() + ": " + problem);
    }

    static ModelLoadException at(Path path, String problem, Throwable cause) {
        return new ModelLoadException(
                "Model file " + path.toAbsolutePath() + ": " + problem, cause);
    }
}
