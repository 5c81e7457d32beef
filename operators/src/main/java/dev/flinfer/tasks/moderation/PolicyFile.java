package dev.flinfer.tasks.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy file, JSON ({@code .json}) or YAML (any other name), and checks it; every error
 * names the file and what is wrong with it.
 *
 * <pre>{@code
 * text:
 *   threat:     {block: 0.6}
 *   harassment: {block: 0.7, review: 0.4}
 *   spam:       {block: 0.9, review: 0.5}
 *   self_harm:  {review: 0.5}
 * image:
 *   upside_down: {review: 0.9}
 * }</pre>
 */
final class PolicyFile {
    private static final Set<String> PARTS = Set.of(ModerationPolicy.TEXT, ModerationPolicy.IMAGE);
    private static final Set<String> ACTIONS = Set.of("block", "review");

    private PolicyFile() {}

    static ModerationPolicy read(Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new PolicyException("Policy file " + source + ": not found (or not a file)");
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode root;
        try {
            ObjectMapper mapper = json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new PolicyException(
                    "Policy file "
                            + source
                            + ": not valid "
                            + (json ? "JSON" : "YAML")
                            + ": "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        return parse(root, source);
    }

    static ModerationPolicy parse(JsonNode root, String source) {
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw fail(source, "must be a map of parts (text, image) to label rules");
        }
        Map<String, Map<String, Rule>> rules = new LinkedHashMap<>();
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> part = it.next();
            if (!PARTS.contains(part.getKey())) {
                throw fail(source, "unknown part '" + part.getKey() + "' (parts: text, image)");
            }
            if (!part.getValue().isObject()) {
                throw fail(source, "'" + part.getKey() + "' must be a map of label to thresholds");
            }
            Map<String, Rule> byLabel = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> labels = part.getValue().fields();
                    labels.hasNext(); ) {
                Map.Entry<String, JsonNode> label = labels.next();
                byLabel.put(label.getKey(), rule(source, part.getKey(), label));
                count++;
            }
            rules.put(part.getKey(), Map.copyOf(byLabel));
        }
        if (count == 0) {
            throw fail(source, "names no label: nothing would ever be blocked or reviewed");
        }
        return new ModerationPolicy(source, Map.copyOf(rules));
    }

    private static Rule rule(String source, String part, Map.Entry<String, JsonNode> entry) {
        String where = part + "." + entry.getKey();
        JsonNode node = entry.getValue();
        if (!node.isObject() || node.isEmpty()) {
            throw fail(source, where + " must set 'block' and/or 'review' thresholds");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!ACTIONS.contains(key)) {
                throw fail(source, where + ": unknown action '" + key + "' (block, review)");
            }
        }
        Float block = threshold(source, where + ".block", node.get("block"));
        Float review = threshold(source, where + ".review", node.get("review"));
        if (block != null && review != null && review > block) {
            throw fail(
                    source,
                    where
                            + ": review threshold "
                            + review
                            + " is above block threshold "
                            + block
                            + " (review could never apply)");
        }
        return new Rule(part, entry.getKey(), block, review);
    }

    private static Float threshold(String source, String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw fail(source, where + " must be a number in [0, 1], got " + node);
        }
        double value = node.asDouble();
        if (!(value >= 0 && value <= 1)) {
            throw fail(source, where + " must be in [0, 1], got " + value);
        }
        return (float) value;
    }

    private static PolicyException fail(String source, String problem) {
        return new PolicyException("Policy file " + source + ": " + problem);
    }
}
