package dev.flinfer.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Something a model's lifecycle reports on its events output (and in the log): a version loading,
 * serving, refused; a canary or shadow starting or ending; a command refused with its reason.
 *
 * @param type {@code model-loading}, {@code model-served}, {@code model-rejected}, {@code
 *     canary-started}, {@code canary-ended}, {@code shadow-started}, {@code shadow-ended}, {@code
 *     model-retired}, {@code command-rejected} or {@code command-ignored}
 * @param model the model's name
 * @param version the version concerned, 0 for none
 * @param reason why, for refusals; null otherwise
 * @param command the command as received (JSON text), null when none caused it
 */
@PublicEvolving
public record ModelEvent(String type, String model, int version, String reason, String command) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String LOADING = "model-loading";
    public static final String SERVED = "model-served";
    public static final String REJECTED = "model-rejected";
    public static final String RETIRED = "model-retired";
    public static final String CANARY_STARTED = "canary-started";
    public static final String CANARY_ENDED = "canary-ended";
    public static final String SHADOW_STARTED = "shadow-started";
    public static final String SHADOW_ENDED = "shadow-ended";
    public static final String COMMAND_REJECTED = "command-rejected";
    public static final String COMMAND_IGNORED = "command-ignored";

    /** A refused command: changes nothing. */
    public static ModelEvent badCommand(String model, byte[] command, String reason) {
        String text = command == null ? null : new String(command, StandardCharsets.UTF_8);
        return new ModelEvent(COMMAND_REJECTED, model, 0, reason, text);
    }

    /** Whether this event reports a refusal (a version or a command). */
    public boolean isRefusal() {
        return REJECTED.equals(type) || COMMAND_REJECTED.equals(type);
    }

    /** The event as JSON, with the subtask that saw it and when ({@code subtask} -1: the job). */
    public byte[] toJson(int subtask, long timeMillis) {
        ObjectNode node = JSON.createObjectNode().put("event", type).put("model", model);
        if (version > 0) {
            node.put("version", version);
        }
        if (reason != null) {
            node.put("reason", reason);
        }
        if (command != null) {
            node.put("command", command);
        }
        if (subtask >= 0) {
            node.put("subtask", subtask);
        }
        node.put("time", timeMillis);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
