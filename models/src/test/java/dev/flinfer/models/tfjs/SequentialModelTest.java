package dev.flinfer.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sequential model (the input declared by its first layer): Conv2D 1x1, MaxPooling2D, Reshape to
 * a vector and back to an image of other channels (so the channels-last order shows),
 * GlobalAveragePooling2D, Dense softmax; checked against a plain-Java channels-last computation.
 */
class SequentialModelTest {
    @TempDir Path dir;

    @Test
    void sequentialModelWithReshapeAndGlobalPoolingMatchesPlainJava() throws Exception {
        Random random = new Random(3);
        float[] conv = gaussian(random, 2 * 3);
        float[] dense = gaussian(random, 2 * 2);
        float[] bias = gaussian(random, 2);
        ObjectNode json = TinyLayersModel.JSON.createObjectNode();
        ObjectNode model = json.putObject("modelTopology").putObject("model_config");
        model.put("class_name", "Sequential");
        ArrayNode layers = model.putObject("config").put("name", "seq").putArray("layers");
        ObjectNode c = layer(layers, "Conv2D", "conv").put("filters", 3).put("use_bias", false);
        c.putArray("batch_input_shape").addNull().add(4).add(6).add(2);
        c.putArray("kernel_size").add(1).add(1);
        layer(layers, "MaxPooling2D", "max").putArray("pool_size").add(2).add(2);
        layer(layers, "Reshape", "flat").putArray("target_shape").add(18);
        layer(layers, "Reshape", "image").putArray("target_shape").add(3).add(3).add(2);
        layer(layers, "GlobalAveragePooling2D", "gap");
        layer(layers, "Dense", "out").put("units", 2).put("activation", "softmax");
        ObjectNode group = json.putArray("weightsManifest").addObject();
        group.putArray("paths").add("w.bin");
        spec(group.putArray("weights"), "conv/kernel", 1, 1, 2, 3);
        spec((ArrayNode) group.get("weights"), "out/kernel", 2, 2);
        spec((ArrayNode) group.get("weights"), "out/bias", 2);
        ByteBuffer bytes = ByteBuffer.allocate(4 * (6 + 4 + 2)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] w : new float[][] {conv, dense, bias}) {
            for (float v : w) {
                bytes.putFloat(v);
            }
        }
        ModelProto onnx =
                TfjsConverter.convert(
                        new TfjsArtifacts(json, Map.of("w.bin", bytes.array())), "probabilities");
        Files.write(dir.resolve("model.onnx"), onnx.toByteArray());

        float[] nhwc = gaussian(random, 4 * 6 * 2);
        float[] nchw = new float[nhwc.length];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                for (int ch = 0; ch < 2; ch++) {
                    nchw[(ch * 4 + y) * 6 + x] = nhwc[(y * 6 + x) * 2 + ch];
                }
            }
        }
        try (NsfwOnnx ort = new NsfwOnnx(dir.resolve("model.onnx"))) {
            float[] actual = ort.run(nchw, new long[] {1, 2, 4, 6})[0];
            float[] expected = reference(nhwc, conv, dense, bias);
            assertThat(actual[0]).isCloseTo(expected[0], within(1e-5f));
            assertThat(actual[1]).isCloseTo(expected[1], within(1e-5f));
        }
    }

    private static float[] reference(float[] in, float[] conv, float[] dense, float[] bias) {
        float[] pooled = new float[2 * 3 * 3]; // [2, 3, 3] channels last, flat in H, W, C order
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                for (int o = 0; o < 3; o++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            int p = (y * 2 + dy) * 6 + (x * 2 + dx);
                            max = Math.max(max, in[p * 2] * conv[o] + in[p * 2 + 1] * conv[3 + o]);
                        }
                    }
                    pooled[(y * 3 + x) * 3 + o] = max;
                }
            }
        }
        float[] gap = new float[2]; // the same 18 values read as [3, 3, 2]
        for (int p = 0; p < 9; p++) {
            gap[0] += pooled[p * 2] / 9;
            gap[1] += pooled[p * 2 + 1] / 9;
        }
        double z0 = gap[0] * dense[0] + gap[1] * dense[2] + bias[0];
        double z1 = gap[0] * dense[1] + gap[1] * dense[3] + bias[1];
        double e0 = Math.exp(z0 - Math.max(z0, z1));
        double e1 = Math.exp(z1 - Math.max(z0, z1));
        return new float[] {(float) (e0 / (e0 + e1)), (float) (e1 / (e0 + e1))};
    }

    private static ObjectNode layer(ArrayNode layers, String type, String name) {
        return layers.addObject().put("class_name", type).putObject("config").put("name", name);
    }

    private static void spec(ArrayNode specs, String name, int... shape) {
        ArrayNode dims =
                specs.addObject().put("name", name).put("dtype", "float32").putArray("shape");
        for (int d : shape) {
            dims.add(d);
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
