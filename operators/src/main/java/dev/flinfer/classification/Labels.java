package dev.flinfer.classification;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The names of a classifier's outputs, from {@code id2label} of {@code config.json}.
 *
 * <pre>{@code
 * Labels labels = Labels.fromConfig(config, "/models/vit/config.json");
 * String first = labels.name(0);
 * }</pre>
 */
@PublicEvolving
public final class Labels implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> names;

    private Labels(List<String> names) {
        this.names = List.copyOf(names);
    }

    /** Labels {@code LABEL_0 .. LABEL_n-1}, as Hugging Face names unnamed outputs. */
    public static Labels generic(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a classifier needs at least 1 label, got " + size);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            names.add("LABEL_" + i);
        }
        return new Labels(names);
    }

    /**
     * Labels from {@code id2label}; keys must be 0..n-1 with no gaps. Errors name {@code source}.
     */
    public static Labels fromConfig(JsonNode config, String source) {
        JsonNode id2label = config.path("id2label");
        if (id2label.isMissingNode() || id2label.isNull()) {
            int size = config.path("num_labels").asInt(0);
            if (size <= 0) {
                throw new IllegalArgumentException(
                        source + ": no 'id2label' (and no 'num_labels')");
            }
            return generic(size);
        }
        if (!id2label.isObject() || id2label.isEmpty()) {
            throw new IllegalArgumentException(source + ": 'id2label' must be a non-empty object");
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            int id;
            try {
                id = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        source + ": 'id2label' key '" + entry.getKey() + "' is not an integer");
            }
            byId.put(id, entry.getValue().asText());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < byId.size(); i++) {
            if (!byId.containsKey(i)) {
                throw new IllegalArgumentException(
                        source
                                + ": 'id2label' has no label for id "
                                + i
                                + " (ids must be 0.."
                                + (byId.size() - 1)
                                + ")");
            }
            names.add(byId.get(i));
        }
        return new Labels(names);
    }

    public int size() {
        return names.size();
    }

    public String name(int index) {
        return names.get(index);
    }
}
