package dev.flinfer.models.tfjs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A small Keras functional model written in TF.js's layers format by hand, with seeded weights,
 * some uint8-quantised and some float32: input [8, 9, 3]; Conv2D 3x3 stride 2 'same' (pads 0/1
 * rows, 1/1 columns); BatchNormalization; ReLU 6; DepthwiseConv2D 3x3 'same', multiplier 2; Conv2D
 * 1x1 with relu; Add; ZeroPadding2D ((1, 0), (0, 2)); AveragePooling2D 2x2 stride 2 'same';
 * Flatten; Dense relu; Dropout; Dense; Activation softmax. {@link #weights} holds the values the
 * converter should see (quantised ones already worth {@code q * scale + min}).
 */
final class TinyLayersModel {
    static final ObjectMapper JSON = new ObjectMapper();
    final ObjectNode modelJson = JSON.createObjectNode();
    final Map<String, float[]> weights = new LinkedHashMap<>();
    private final ArrayNode layers;
    private final ArrayNode specs;
    private final ByteArrayOutputStream shard = new ByteArrayOutputStream();
    private final Random random = new Random(11);

    TinyLayersModel() {
        ObjectNode config =
                modelJson
                        .putObject("modelTopology")
                        .put("keras_version", "2.2.4")
                        .putObject("model_config")
                        .put("class_name", "Model")
                        .putObject("config");
        config.put("name", "tiny");
        layers = config.putArray("layers");
        config.putArray("input_layers").addArray().add("input").add(0).add(0);
        config.putArray("output_layers").addArray().add("soft").add(0).add(0);
        ObjectNode group = modelJson.putArray("weightsManifest").addObject();
        group.putArray("paths").add("group1-shard1of1");
        specs = group.putArray("weights");

        layer("input", "InputLayer", null)
                .putArray("batch_input_shape")
                .addNull()
                .add(8)
                .add(9)
                .add(3);
        ObjectNode c1 = layer("c1", "Conv2D", "input");
        c1.put("filters", 4)
                .put("padding", "same")
                .put("use_bias", true)
                .put("activation", "linear");
        c1.putArray("kernel_size").add(3).add(3);
        c1.putArray("strides").add(2).add(2);
        weight("c1/kernel", true, 3, 3, 3, 4);
        weight("c1/bias", false, 4);
        layer("bn", "BatchNormalization", "c1").put("axis", -1).put("epsilon", 0.001);
        weight("bn/gamma", true, 4);
        weight("bn/beta", true, 4);
        weight("bn/moving_mean", false, 4);
        positive("bn/moving_variance", 4);
        layer("r6", "ReLU", "bn")
                .put("max_value", 6.0)
                .put("negative_slope", 0)
                .put("threshold", 0);
        ObjectNode dw = layer("dw", "DepthwiseConv2D", "r6");
        dw.put("padding", "same").put("depth_multiplier", 2).put("use_bias", true);
        dw.putArray("kernel_size").add(3).add(3);
        dw.putArray("strides").add(1).add(1);
        weight("dw/depthwise_kernel", true, 3, 3, 4, 2);
        weight("dw/bias", false, 8);
        ObjectNode pw = layer("pw", "Conv2D", "dw");
        pw.put("filters", 8)
                .put("padding", "valid")
                .put("use_bias", false)
                .put("activation", "relu");
        pw.putArray("kernel_size").add(1).add(1);
        weight("pw/kernel", false, 1, 1, 8, 8);
        layer("add", "Add", "dw", "pw");
        ArrayNode pads = layer("pad", "ZeroPadding2D", "add").putArray("padding");
        pads.addArray().add(1).add(0);
        pads.addArray().add(0).add(2);
        ObjectNode pool = layer("pool", "AveragePooling2D", "pad").put("padding", "same");
        pool.putArray("pool_size").add(2).add(2);
        pool.putArray("strides").add(2).add(2);
        layer("flat", "Flatten", "pool");
        layer("d1", "Dense", "flat")
                .put("units", 6)
                .put("activation", "relu")
                .put("use_bias", true);
        weight("d1/kernel", true, 96, 6);
        weight("d1/bias", false, 6);
        layer("drop", "Dropout", "d1").put("rate", 0.5);
        layer("d2", "Dense", "drop")
                .put("units", 3)
                .put("activation", "linear")
                .put("use_bias", true);
        weight("d2/kernel", false, 6, 3);
        weight("d2/bias", false, 3);
        layer("soft", "Activation", "d2").put("activation", "softmax");
    }

    TfjsArtifacts artifacts() {
        return new TfjsArtifacts(modelJson, Map.of("group1-shard1of1", shard.toByteArray()));
    }

    /** Adds a layer of {@code type} fed by {@code inputs}; returns its config. */
    ObjectNode layer(String name, String type, String... inputs) {
        ObjectNode layer = layers.addObject().put("name", name).put("class_name", type);
        ObjectNode config = layer.putObject("config").put("name", name);
        ArrayNode call = layer.putArray("inbound_nodes").addArray();
        for (String in : inputs == null ? new String[0] : inputs) {
            call.addArray().add(in).add(0).add(0).addObject();
        }
        if (inputs == null) {
            layer.putArray("inbound_nodes");
        }
        return config;
    }

    private void weight(String name, boolean quantised, int... shape) {
        int count = 1;
        for (int d : shape) {
            count *= d;
        }
        float[] values = new float[count];
        ObjectNode spec = specs.addObject().put("name", name).put("dtype", "float32");
        ArrayNode dims = spec.putArray("shape");
        for (int d : shape) {
            dims.add(d);
        }
        if (quantised) {
            double min = -0.8;
            double scale = 1.6 / 255;
            spec.putObject("quantization")
                    .put("dtype", "uint8")
                    .put("min", min)
                    .put("scale", scale);
            for (int i = 0; i < count; i++) {
                int q = random.nextInt(256);
                shard.write(q);
                values[i] = (float) (q * scale + min);
            }
        } else {
            ByteBuffer bytes = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                values[i] = (float) random.nextGaussian() * 0.5f;
                bytes.putFloat(values[i]);
            }
            shard.writeBytes(bytes.array());
        }
        weights.put(name, values);
    }

    private void positive(String name, int count) {
        weight(name, false, count);
        float[] v = weights.get(name);
        ByteBuffer bytes = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            v[i] = Math.abs(v[i]) + 0.1f;
            bytes.putFloat(v[i]);
        }
        byte[] all = shard.toByteArray();
        System.arraycopy(bytes.array(), 0, all, all.length - count * 4, count * 4);
        shard.reset();
        shard.writeBytes(all);
    }
}
