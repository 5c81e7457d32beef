package dev.flinfer.models.tfjs;

import static dev.flinfer.models.vit.OnnxGraphBuilder.floatAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;
import dev.flinfer.models.tfjs.TfjsWeights.Weight;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import java.util.Arrays;
import java.util.List;

/**
 * Maps one Keras layer to ONNX nodes. Supported: InputLayer (by the converter), Conv2D,
 * DepthwiseConv2D, BatchNormalization, ReLU (with max_value: Clip), Activation, ZeroPadding2D, Add,
 * AveragePooling2D, MaxPooling2D, GlobalAveragePooling2D, Flatten, Reshape, Dense, Dropout. Any
 * other type fails, naming the layer and its type.
 */
final class Layers {
    private final OnnxGraphBuilder g;
    private final TfjsWeights weights;
    private final SpatialLayers spatial;

    Layers(OnnxGraphBuilder g, TfjsWeights weights) {
        this.g = g;
        this.weights = weights;
        this.spatial = new SpatialLayers(g, weights);
    }

    Value apply(KerasLayer layer, List<Value> in) {
        Value x = in.isEmpty() ? null : in.get(0);
        return switch (layer.type()) {
            case "Conv2D" -> activation(layer, spatial.conv(layer, x, false));
            case "DepthwiseConv2D" -> activation(layer, spatial.conv(layer, x, true));
            case "ZeroPadding2D" -> spatial.zeroPadding(layer, x);
            case "AveragePooling2D" -> spatial.pool(layer, x, "AveragePool");
            case "MaxPooling2D" -> spatial.pool(layer, x, "MaxPool");
            case "GlobalAveragePooling2D" -> spatial.globalAverage(layer, x);
            case "BatchNormalization" -> batchNorm(layer, x);
            case "ReLU" -> relu(layer, x);
            case "Activation" -> activation(layer, x);
            case "Add" -> add(layer, in);
            case "Flatten" -> flatten(x);
            case "Reshape" -> reshape(layer, x);
            case "Dense" -> activation(layer, dense(layer, x));
            case "Dropout" -> x;
            default -> throw layer.unsupported("layer type " + layer.type());
        };
    }

    private Value batchNorm(KerasLayer layer, Value x) {
        int axis = layer.config().path("axis").asInt(-1);
        if (axis != -1 && axis != x.rank()) {
            throw layer.unsupported("axis " + axis + " (only the channel axis, -1)");
        }
        int c = x.channels();
        String n = layer.name();
        float[] ones = new float[c];
        Arrays.fill(ones, 1f);
        Weight gamma = weights.find(n, "gamma");
        Weight beta = weights.find(n, "beta");
        String out =
                g.op(
                        "BatchNormalization",
                        new AttributeProto[] {
                            floatAttr(
                                    "epsilon",
                                    (float) layer.config().path("epsilon").asDouble(1e-3))
                        },
                        x.name(),
                        g.floats(n + "/gamma", gamma == null ? ones : gamma.values(), c),
                        g.floats(n + "/beta", beta == null ? new float[c] : beta.values(), c),
                        g.floats(n + "/moving_mean", weights.get(n, "moving_mean").values(), c),
                        g.floats(
                                n + "/moving_variance",
                                weights.get(n, "moving_variance").values(),
                                c));
        return new Value(out, x.shape());
    }

    private Value relu(KerasLayer layer, Value x) {
        var c = layer.config();
        if (c.path("negative_slope").asDouble(0) != 0 || c.path("threshold").asDouble(0) != 0) {
            throw layer.unsupported("negative_slope or threshold other than 0");
        }
        if (c.path("max_value").isNumber()) {
            float max = (float) c.path("max_value").asDouble();
            return new Value(
                    g.op(
                            "Clip",
                            x.name(),
                            g.scalarFloat(layer.name() + "/min", 0f),
                            g.scalarFloat(layer.name() + "/max", max)),
                    x.shape());
        }
        return new Value(g.op("Relu", x.name()), x.shape());
    }

    /** The layer's {@code activation}: linear, relu, sigmoid, tanh or softmax (over channels). */
    private Value activation(KerasLayer layer, Value x) {
        String name = layer.config().path("activation").asText("linear");
        return switch (name) {
            case "linear" -> x;
            case "relu" -> new Value(g.op("Relu", x.name()), x.shape());
            case "sigmoid" -> new Value(g.op("Sigmoid", x.name()), x.shape());
            case "tanh" -> new Value(g.op("Tanh", x.name()), x.shape());
            case "softmax" ->
                    new Value(
                            g.op(
                                    "Softmax",
                                    new AttributeProto[] {intAttr("axis", x.rank() == 3 ? 1 : -1)},
                                    x.name()),
                            x.shape());
            default -> throw layer.unsupported("activation '" + name + "'");
        };
    }

    private Value add(KerasLayer layer, List<Value> in) {
        String sum = in.get(0).name();
        for (Value v : in.subList(1, in.size())) {
            if (!Arrays.equals(v.shape(), in.get(0).shape())) {
                throw layer.unsupported(
                        "inputs of shapes "
                                + Arrays.toString(in.get(0).shape())
                                + " and "
                                + Arrays.toString(v.shape()));
            }
            sum = g.op("Add", sum, v.name());
        }
        return new Value(sum, in.get(0).shape());
    }

    /** Keras flattens channels last (H, W, C order): transpose the NCHW tensor back first. */
    private Value flatten(Value x) {
        String nhwc = channelsLast(x);
        String out = g.op("Flatten", new AttributeProto[] {intAttr("axis", 1)}, nhwc);
        return new Value(out, new int[] {Arrays.stream(x.shape()).reduce(1, (a, b) -> a * b)});
    }

    /** An image tensor transposed from the graph's NCHW to Keras's NHWC; a vector as it is. */
    private String channelsLast(Value x) {
        return x.rank() == 3
                ? g.op("Transpose", new AttributeProto[] {ints("perm", 0, 2, 3, 1)}, x.name())
                : x.name();
    }

    private Value reshape(KerasLayer layer, Value x) {
        var target = layer.config().path("target_shape");
        int total = Arrays.stream(x.shape()).reduce(1, (a, b) -> a * b);
        int[] shape = new int[target.size()];
        int known = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = target.get(i).asInt();
            known *= shape[i] == -1 ? 1 : shape[i];
        }
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shape[i] == -1 ? total / known : shape[i];
        }
        if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != total
                || (shape.length != 1 && shape.length != 3)) {
            throw layer.unsupported(
                    "target_shape " + target + " from " + Arrays.toString(x.shape()));
        }
        String nhwc = channelsLast(x);
        long[] dims = new long[shape.length + 1];
        for (int i = 0; i < shape.length; i++) {
            dims[i + 1] = shape[i];
        }
        String out = g.op("Reshape", nhwc, g.longs(layer.name() + "/shape", dims));
        if (shape.length == 3) {
            out = g.op("Transpose", new AttributeProto[] {ints("perm", 0, 3, 1, 2)}, out);
        }
        return new Value(out, shape);
    }

    private Value dense(KerasLayer layer, Value x) {
        if (x.rank() != 1) {
            throw layer.unsupported(
                    "an input of shape " + Arrays.toString(x.shape()) + " (Flatten first)");
        }
        Weight kernel = weights.get(layer.name(), "kernel");
        int units = kernel.shape()[1];
        if (kernel.shape()[0] != x.channels()) {
            throw layer.unsupported(
                    "a kernel "
                            + Arrays.toString(kernel.shape())
                            + " over "
                            + x.channels()
                            + " inputs");
        }
        String out =
                g.op(
                        "MatMul",
                        x.name(),
                        g.floats(
                                layer.name() + "/kernel",
                                kernel.values(),
                                kernel.shape()[0],
                                units));
        if (layer.config().path("use_bias").asBoolean(true)) {
            out =
                    g.op(
                            "Add",
                            out,
                            g.floats(
                                    layer.name() + "/bias",
                                    weights.get(layer.name(), "bias").values(),
                                    units));
        }
        return new Value(out, new int[] {units});
    }
}
