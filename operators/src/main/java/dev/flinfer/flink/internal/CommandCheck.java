package dev.flinfer.flink.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.flink.ModelRepository;
import dev.flinfer.lifecycle.ModelCommand;
import dev.flinfer.lifecycle.ModelEvent;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each model command once, before it is broadcast to the subtasks: its form, the model's
 * name, that the version it names is in the repository, that a shadow has a comparison output. A
 * bad command becomes a {@code command-rejected} event and changes nothing. {@code "serve":
 * "latest"} goes on with the repository's newest version; a poll's {@code newest} goes on only when
 * it changed.
 */
@Internal
public final class CommandCheck extends ProcessFunction<byte[], byte[]> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CommandCheck.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Refused commands, as events (JSON). */
    public static final OutputTag<byte[]> REFUSED =
            new OutputTag<>("flinfer-refused-commands", TypeInformation.of(byte[].class));

    private final ModelRepository repository;
    private final boolean comparisons;
    private transient int lastNewest;

    /**
     * @param comparisons whether the job writes shadow comparisons somewhere (else a shadow is
     *     refused)
     */
    public CommandCheck(ModelRepository repository, boolean comparisons) {
        this.repository = repository;
        this.comparisons = comparisons;
    }

    @Override
    public void processElement(byte[] bytes, Context context, Collector<byte[]> out) {
        String pollError = pollError(bytes);
        if (pollError != null) {
            refuse(context, bytes, "the repository poll failed: " + pollError);
            return;
        }
        ModelCommand command;
        try {
            command = ModelCommand.parse(bytes);
        } catch (IllegalArgumentException e) {
            refuse(context, bytes, e.getMessage());
            return;
        }
        if (!repository.name().equals(command.model())) {
            refuse(
                    context,
                    bytes,
                    "unknown model '"
                            + command.model()
                            + "': this job serves '"
                            + repository.name()
                            + "'");
            return;
        }
        if (command.action() == ModelCommand.Action.SHADOW && !command.ends() && !comparisons) {
            refuse(context, bytes, "a shadow needs a comparison output, and this job has none");
            return;
        }
        try {
            switch (command.action()) {
                case SERVE_LATEST -> {
                    int newest = repository.newest();
                    out.collect(command.toJson());
                    lastNewest = newest;
                    out.collect(newest(newest));
                    return;
                }
                case NEWEST -> {
                    if (command.version() == lastNewest) {
                        return;
                    }
                    lastNewest = command.version();
                }
                case SERVE, CANARY, SHADOW -> {
                    if (command.version() > 0 && !repository.exists(command.version())) {
                        refuse(
                                context,
                                bytes,
                                "no version "
                                        + command.version()
                                        + " in "
                                        + repository.location()
                                        + " (it has "
                                        + repository.versions()
                                        + ")");
                        return;
                    }
                }
                default -> {}
            }
        } catch (RuntimeException e) {
            refuse(context, bytes, e.getMessage());
            return;
        }
        out.collect(command.toJson());
    }

    private byte[] newest(int version) {
        return new ModelCommand(ModelCommand.Action.NEWEST, repository.name(), version, 0).toJson();
    }

    private void refuse(Context context, byte[] bytes, String reason) {
        LOG.warn("Model command refused: {}", reason);
        context.output(
                REFUSED,
                ModelEvent.badCommand(repository.name(), bytes, reason)
                        .toJson(-1, System.currentTimeMillis()));
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
