package dev.flinfer.flink.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.flink.ModelRepository;
import dev.flinfer.lifecycle.ModelCommand;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * One look at the repository per tick of a rate-limited generator source: a {@code newest} command
 * with the highest version present, or a {@code poll_error} saying why the repository could not be
 * listed (the command check turns it into an event). Duplicates are dropped by the command check.
 */
@Internal
public final class RepositoryPoll implements GeneratorFunction<Long, byte[]> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The field a failed poll's message carries. */
    public static final String POLL_ERROR = "poll_error";

    private final ModelRepository repository;

    public RepositoryPoll(ModelRepository repository) {
        this.repository = repository;
    }

    @Override
    public byte[] map(Long tick) {
        try {
            return new ModelCommand(
                            ModelCommand.Action.NEWEST, repository.name(), repository.newest(), 0)
                    .toJson();
        } catch (RuntimeException e) {
            return JSON.createObjectNode()
                    .put("model", repository.name())
                    .put(POLL_ERROR, String.valueOf(e.getMessage()))
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
