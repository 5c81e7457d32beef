package dev.flinfer.flink.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.flink.ModelRepository;
import dev.flinfer.lifecycle.ModelCommand;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * The checks a model command passes before any subtask sees it: its form, the model's name, that
 * the version it names is in the repository, that a shadow has a comparison output. {@code "serve":
 * "latest"} goes on with the repository's newest version; a poll's {@code newest} goes on only when
 * it changed. One instance sees the commands in their order (it remembers the newest).
 */
@Internal
public final class CommandRules implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What becomes of one command: the commands to apply (JSON; none for a repeated poll), or why
     * it is refused.
     */
    @Internal
    public record Verdict(List<byte[]> commands, String refusal) {
        static Verdict refused(String reason) {
            return new Verdict(List.of(), reason);
        }
    }

    private final ModelRepository repository;
    private final boolean comparisons;
    private int lastNewest;

    /**
     * @param comparisons whether the job writes shadow comparisons somewhere (else a shadow is
     *     refused)
     */
    public CommandRules(ModelRepository repository, boolean comparisons) {
        this.repository = repository;
        this.comparisons = comparisons;
    }

    public Verdict check(byte[] bytes) {
        String pollError = pollError(bytes);
        if (pollError != null) {
            return Verdict.refused("the repository poll failed: " + pollError);
        }
        ModelCommand command;
        try {
            command = ModelCommand.parse(bytes);
        } catch (IllegalArgumentException e) {
            return Verdict.refused(e.getMessage());
        }
        if (!repository.name().equals(command.model())) {
            return Verdict.refused(
                    "unknown model '"
                            + command.model()
                            + "': this job serves '"
                            + repository.name()
                            + "'");
        }
        if (command.action() == ModelCommand.Action.SHADOW && !command.ends() && !comparisons) {
            return Verdict.refused("a shadow needs a comparison output, and this job has none");
        }
        try {
            switch (command.action()) {
                case SERVE_LATEST -> {
                    int newest = repository.newest();
                    lastNewest = newest;
                    return new Verdict(List.of(command.toJson(), newest(newest)), null);
                }
                case NEWEST -> {
                    if (command.version() == lastNewest) {
                        return new Verdict(List.of(), null);
                    }
                    lastNewest = command.version();
                }
                case SERVE, CANARY, SHADOW -> {
                    if (command.version() > 0 && !repository.exists(command.version())) {
                        return Verdict.refused(
                                "no version "
                                        + command.version()
                                        + " in "
                                        + repository.location()
                                        + " (it has "
                                        + repository.versions()
                                        + ")");
                    }
                }
                default -> {}
            }
        } catch (RuntimeException e) {
            return Verdict.refused(e.getMessage());
        }
        return new Verdict(List.of(command.toJson()), null);
    }

    private byte[] newest(int version) {
        return new ModelCommand(ModelCommand.Action.NEWEST, repository.name(), version, 0).toJson();
    }

    private static String pollError(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            JsonNode error = node == null ? null : node.get(RepositoryPoll.POLL_ERROR);
            return error == null ? null : error.asText();
        } catch (IOException e) {
            return null;
        }
    }
}
