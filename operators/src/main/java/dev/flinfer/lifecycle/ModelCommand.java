package dev.flinfer.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;

/**
 * One command of a model's control topic, a JSON object naming the model and one action:
 *
 * <pre>{@code
 * {"model": "classifier", "serve": 3}                              serve version 3 (pinned)
 * {"model": "classifier", "serve": "latest"}                       follow the newest version
 * {"model": "classifier", "canary": {"version": 4, "percent": 10}} 10% of keys to version 4
 * {"model": "classifier", "canary": false}                         end the canary
 * {"model": "classifier", "shadow": 4}                             every record also on version 4
 * {"model": "classifier", "shadow": false}                         end the shadow
 * {"model": "classifier", "rollback": true}                        back to the version served before
 * }</pre>
 *
 * <p>A repository poll sends {@code {"model": "classifier", "newest": 5}}. {@link #parse} checks
 * the form and names what is wrong; whether the version exists is checked against the repository.
 *
 * @param action what to do
 * @param model the model's name
 * @param version the version acted on (0 for none: ending a canary or shadow, a rollback, latest)
 * @param percent the canary's share of keys, 0-100
 */
@PublicEvolving
public record ModelCommand(Action action, String model, int version, double percent) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACTIONS =
            Set.of("serve", "canary", "shadow", "rollback", "newest");

    /** What a command does. */
    @PublicEvolving
    public enum Action {
        /** Serve {@code version}, pinned. */
        SERVE,
        /** Serve the newest version and follow the repository's new ones. */
        SERVE_LATEST,
        /** Send {@code percent} of keys to {@code version}; 0 percent or no version ends it. */
        CANARY,
        /** Run every record on {@code version} too; no version ends it. */
        SHADOW,
        /** Serve the version served before the current one. */
        ROLLBACK,
        /** The repository's newest version is {@code version} (from a poll). */
        NEWEST
    }

    /** Reads a command; throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static ModelCommand parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("empty command");
        }
        JsonNode node;
        try {
            node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a command must be a JSON object");
        }
        JsonNode model = node.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new IllegalArgumentException("no \"model\" (the model's name, a string)");
        }
        String action = null;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if ("model".equals(name)) {
                continue;
            }
            if (!ACTIONS.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown field \"" + name + "\" (expected one of " + ACTIONS + ")");
            }
            if (action != null) {
                throw new IllegalArgumentException(
                        "one action per command, got \"" + action + "\" and \"" + name + "\"");
            }
            action = name;
        }
        if (action == null) {
            throw new IllegalArgumentException("no action (one of " + ACTIONS + ")");
        }
        String name = model.asText();
        JsonNode value = node.get(action);
        return switch (action) {
            case "serve" ->
                    value.isTextual() && "latest".equals(value.asText())
                            ? new ModelCommand(Action.SERVE_LATEST, name, 0, 0)
                            : new ModelCommand(Action.SERVE, name, version(value, "serve"), 0);
            case "canary" -> canary(name, value);
            case "shadow" ->
                    off(value)
                            ? new ModelCommand(Action.SHADOW, name, 0, 0)
                            : new ModelCommand(Action.SHADOW, name, version(value, "shadow"), 0);
            case "rollback" -> {
                if (!value.isBoolean() || !value.asBoolean()) {
                    throw new IllegalArgumentException("\"rollback\" must be true");
                }
                yield new ModelCommand(Action.ROLLBACK, name, 0, 0);
            }
            default -> new ModelCommand(Action.NEWEST, name, version(value, "newest"), 0);
        };
    }

    /** The command as JSON, in the form {@link #parse} reads. */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode().put("model", model);
        switch (action) {
            case SERVE -> node.put("serve", version);
            case SERVE_LATEST -> node.put("serve", "latest");
            case CANARY -> {
                if (version == 0 || percent == 0) {
                    node.put("canary", false);
                } else {
                    node.putObject("canary").put("version", version).put("percent", percent);
                }
            }
            case SHADOW -> {
                if (version == 0) {
                    node.put("shadow", false);
                } else {
                    node.put("shadow", version);
                }
            }
            case ROLLBACK -> node.put("rollback", true);
            case NEWEST -> node.put("newest", version);
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether this command ends a canary or a shadow (it names no version). */
    public boolean ends() {
        return (action == Action.CANARY || action == Action.SHADOW) && version == 0;
    }

    @Override
    public String toString() {
        return new String(toJson(), StandardCharsets.UTF_8);
    }

    private static ModelCommand canary(String name, JsonNode value) {
        if (off(value)) {
            return new ModelCommand(Action.CANARY, name, 0, 0);
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException(
                    "\"canary\" must be {\"version\": N, \"percent\": P} or false");
        }
        int version = version(value.get("version"), "canary.version");
        JsonNode percent = value.get("percent");
        if (percent == null || !percent.isNumber()) {
            throw new IllegalArgumentException("\"canary.percent\" must be a number from 0 to 100");
        }
        double share = percent.asDouble();
        if (!(share >= 0 && share <= 100)) {
            throw new IllegalArgumentException(
                    "\"canary.percent\" must be from 0 to 100, got " + percent);
        }
        if (value.size() > 2) {
            throw new IllegalArgumentException("\"canary\" takes only \"version\" and \"percent\"");
        }
        return share == 0
                ? new ModelCommand(Action.CANARY, name, 0, 0)
                : new ModelCommand(Action.CANARY, name, version, share);
    }

    private static boolean off(JsonNode value) {
        return value == null || value.isNull() || (value.isBoolean() && !value.asBoolean());
    }

    private static int version(JsonNode value, String field) {
        if (value == null
                || !value.isIntegralNumber()
                || value.asLong() < 1
                || value.asLong() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "\"" + field + "\" must be a version number from 1, got " + value);
        }
        return value.asInt();
    }
}
