package dev.flinfer.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of a TensorFlow.js model, de-quantised to float32. Each manifest group's shards are
 * one byte stream, cut into the group's weights in order; a weight with a {@code quantization}
 * entry of dtype {@code uint8} or {@code uint16} holds one integer q per element, worth {@code q *
 * scale + min}; one without holds little-endian float32.
 */
final class TfjsWeights {
    private final Map<String, Weight> weights = new LinkedHashMap<>();

    /** A weight: its values in row-major order of its shape. */
    record Weight(String name, int[] shape, float[] values) {}

    TfjsWeights(TfjsArtifacts artifacts) {
        for (JsonNode group : artifacts.modelJson().path("weightsManifest")) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (JsonNode path : group.path("paths")) {
                joined.writeBytes(artifacts.shards().get(path.asText()));
            }
            ByteBuffer data = ByteBuffer.wrap(joined.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode spec : group.path("weights")) {
                Weight weight = decode(spec, data);
                weights.put(weight.name(), weight);
            }
        }
    }

    private static Weight decode(JsonNode spec, ByteBuffer data) {
        String name = spec.path("name").asText();
        int[] shape = new int[spec.path("shape").size()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = spec.path("shape").get(i).asInt();
            count *= shape[i];
        }
        String dtype = spec.path("dtype").asText();
        if (!dtype.equals("float32")) {
            throw new IllegalArgumentException(
                    "Weight " + name + ": dtype " + dtype + " is not supported (only float32)");
        }
        JsonNode quantization = spec.path("quantization");
        float[] values = new float[count];
        int bytes = quantization.isMissingNode() ? 4 : width(name, quantization);
        if (data.remaining() < (long) count * bytes) {
            throw new IllegalArgumentException(
                    "Weight " + name + ": the shards end before its " + count + " values");
        }
        if (quantization.isMissingNode()) {
            data.asFloatBuffer().get(values);
            data.position(data.position() + count * 4);
        } else {
            double scale = quantization.path("scale").asDouble();
            double min = quantization.path("min").asDouble();
            for (int i = 0; i < count; i++) {
                int q = bytes == 1 ? data.get() & 0xff : data.getShort() & 0xffff;
                values[i] = (float) (q * scale + min);
            }
        }
        return new Weight(name, shape, values);
    }

    private static int width(String name, JsonNode quantization) {
        String dtype = quantization.path("dtype").asText();
        if (quantization.has("scale") && quantization.has("min")) {
            if (dtype.equals("uint8")) {
                return 1;
            } else if (dtype.equals("uint16")) {
                return 2;
            }
        }
        throw new IllegalArgumentException(
                "Weight "
                        + name
                        + ": quantization "
                        + quantization
                        + " is not supported"
                        + " (uint8 or uint16 with scale and min)");
    }

    /** The weight {@code layer/suffix}; fails naming both when it is missing. */
    Weight get(String layer, String suffix) {
        Weight weight = weights.get(layer + "/" + suffix);
        if (weight == null) {
            throw new IllegalArgumentException(
                    "Layer " + layer + ": weight " + layer + "/" + suffix + " not in the manifest");
        }
        return weight;
    }

    /** {@code layer/suffix}, or null when the manifest has none. */
    Weight find(String layer, String suffix) {
        return weights.get(layer + "/" + suffix);
    }
}
