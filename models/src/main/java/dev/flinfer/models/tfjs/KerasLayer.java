package dev.flinfer.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer of a Keras model topology: its name, class, config, and the names of the layers whose
 * outputs it takes (one call per layer: shared layers are not supported).
 */
record KerasLayer(String name, String type, JsonNode config, List<String> inputs) {

    /** The layers of a {@code Model} / {@code Functional} or a {@code Sequential} model config. */
    static List<KerasLayer> read(JsonNode modelConfig) {
        String kind = modelConfig.path("class_name").asText();
        JsonNode config = modelConfig.path("config");
        JsonNode layers = config.isArray() ? config : config.path("layers");
        List<KerasLayer> out = new ArrayList<>();
        String previous = null;
        for (JsonNode layer : layers) {
            String name = layer.path("config").path("name").asText(layer.path("name").asText());
            List<String> inputs = new ArrayList<>();
            if (kind.equals("Sequential")) {
                if (previous != null) {
                    inputs.add(previous);
                }
            } else {
                JsonNode calls = layer.path("inbound_nodes");
                if (calls.size() > 1) {
                    throw new IllegalArgumentException(
                            "Layer "
                                    + name
                                    + " is called "
                                    + calls.size()
                                    + " times: shared"
                                    + " layers are not supported");
                }
                for (JsonNode call : calls.path(0)) {
                    if (call.path(1).asInt() != 0 || call.path(2).asInt() != 0) {
                        throw new IllegalArgumentException(
                                "Layer "
                                        + name
                                        + ": input "
                                        + call
                                        + " is not the first output"
                                        + " of a layer's first call");
                    }
                    inputs.add(call.path(0).asText());
                }
            }
            out.add(
                    new KerasLayer(
                            name, layer.path("class_name").asText(), layer.path("config"), inputs));
            previous = name;
        }
        return out;
    }

    /**
     * An integer pair of the config ({@code kernel_size}, {@code strides}), or a single int twice.
     */
    int[] pair(String key, int fallback) {
        JsonNode node = config.path(key);
        if (node.isMissingNode() || node.isNull()) {
            return new int[] {fallback, fallback};
        }
        if (node.isInt()) {
            return new int[] {node.asInt(), node.asInt()};
        }
        return new int[] {node.path(0).asInt(), node.path(1).asInt()};
    }

    IllegalArgumentException unsupported(String what) {
        return new IllegalArgumentException(
                "Layer " + name + " (" + type + "): " + what + " is not supported");
    }
}
