package dev.flinfer.models.zeroshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A label file: each label with one or more descriptions, whether the classifier is single- or
 * multi-label, and how cosine similarities become logits: {@code logits = (cos - threshold_cosine)
 * * scale} ({@code threshold_cosine} is 0 for single-label models, where softmax ignores a shared
 * shift).
 *
 * <pre>{@code
 * {"problem_type": "multi_label_classification", "scale": 20, "threshold_cosine": 0.35,
 *  "labels": {"threat": ["a threat to hurt someone"], "spam": ["buy cheap pills now"]}}
 * }</pre>
 *
 * @param labels label name to descriptions, in id order
 */
public record LabelSet(
        boolean multiLabel, float scale, float thresholdCosine, Map<String, List<String>> labels) {
    public static final String SINGLE_LABEL = "single_label_classification";
    public static final String MULTI_LABEL = "multi_label_classification";
    private static final Set<String> KEYS =
            Set.of("problem_type", "scale", "threshold_cosine", "labels", "comment");

    /** Reads and checks {@code file}; every error names the file. */
    public static LabelSet read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        return parse(root, file.toString());
    }

    static LabelSet parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": a label file is a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        source + ": unknown key '" + key + "' (known: " + KEYS + ")");
            }
        }
        String problem = root.path("problem_type").asText(SINGLE_LABEL);
        if (!problem.equals(SINGLE_LABEL) && !problem.equals(MULTI_LABEL)) {
            throw new IllegalArgumentException(
                    source + ": problem_type must be " + SINGLE_LABEL + " or " + MULTI_LABEL);
        }
        boolean multi = problem.equals(MULTI_LABEL);
        float scale = (float) root.path("scale").asDouble(20);
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException(source + ": scale must be > 0, got " + scale);
        }
        float threshold = multi ? (float) root.path("threshold_cosine").asDouble(0.3) : 0f;
        if (threshold < -1 || threshold > 1) {
            throw new IllegalArgumentException(
                    source + ": threshold_cosine must be in [-1, 1], got " + threshold);
        }
        JsonNode labelsNode = root.path("labels");
        if (!labelsNode.isObject() || labelsNode.isEmpty()) {
            throw new IllegalArgumentException(
                    source + ": 'labels' must be an object of label name -> descriptions");
        }
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labelsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<String> descriptions = new ArrayList<>();
            JsonNode value = entry.getValue();
            if (value.isTextual()) {
                descriptions.add(value.asText());
            } else if (value.isArray()) {
                value.forEach(d -> descriptions.add(d.asText()));
            }
            if (descriptions.isEmpty() || descriptions.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException(
                        source
                                + ": label '"
                                + entry.getKey()
                                + "' needs one or more non-blank descriptions");
            }
            labels.put(entry.getKey(), List.copyOf(descriptions));
        }
        if (!multi && labels.size() < 2) {
            throw new IllegalArgumentException(
                    source + ": a single-label classifier needs at least 2 labels");
        }
        return new LabelSet(multi, scale, threshold, labels);
    }

    public List<String> names() {
        return List.copyOf(labels.keySet());
    }
}
