package dev.flinfer.models.tfjs;

import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.models.tfjs.TfjsWeights.Weight;
import dev.flinfer.models.vit.OnnxGraphBuilder;

/**
 * The image layers (channels last in Keras, NCHW in the graph): convolutions, depthwise
 * convolutions, zero padding and pooling. Keras kernels {@code [kh, kw, in, out]} become ONNX
 * weights {@code [out, in, kh, kw]}; depthwise kernels {@code [kh, kw, in, multiplier]} become
 * {@code [in * multiplier, 1, kh, kw]} with one group per input channel.
 */
final class SpatialLayers {
    private final OnnxGraphBuilder g;
    private final TfjsWeights weights;

    SpatialLayers(OnnxGraphBuilder g, TfjsWeights weights) {
        this.g = g;
        this.weights = weights;
    }

    Value conv(KerasLayer layer, Value in, boolean depthwise) {
        image(layer, in);
        int[] k = layer.pair("kernel_size", 1);
        int[] s = layer.pair("strides", 1);
        int[] d = layer.pair("dilation_rate", 1);
        String mode = layer.config().path("padding").asText("valid");
        Padding ph = Padding.of(layer, mode, in.shape()[0], k[0], s[0], d[0]);
        Padding pw = Padding.of(layer, mode, in.shape()[1], k[1], s[1], d[1]);
        int cin = in.channels();
        Weight kernel = weights.get(layer.name(), depthwise ? "depthwise_kernel" : "kernel");
        int[] ks = kernel.shape();
        if (ks.length != 4 || ks[0] != k[0] || ks[1] != k[1] || ks[2] != cin) {
            throw new IllegalArgumentException(
                    "Layer "
                            + layer.name()
                            + ": kernel shape "
                            + java.util.Arrays.toString(ks)
                            + " does not fit kernel_size "
                            + k[0]
                            + "x"
                            + k[1]
                            + " over "
                            + cin
                            + " channels");
        }
        int cout = depthwise ? cin * ks[3] : ks[3];
        float[] w = new float[cout * (depthwise ? 1 : cin) * k[0] * k[1]];
        for (int y = 0; y < k[0]; y++) {
            for (int x = 0; x < k[1]; x++) {
                for (int i = 0; i < cin; i++) {
                    for (int o = 0; o < ks[3]; o++) {
                        float v = kernel.values()[((y * k[1] + x) * cin + i) * ks[3] + o];
                        int at =
                                depthwise
                                        ? ((i * ks[3] + o) * k[0] + y) * k[1] + x
                                        : ((o * cin + i) * k[0] + y) * k[1] + x;
                        w[at] = v;
                    }
                }
            }
        }
        String wName = g.floats(layer.name() + "/W", w, cout, depthwise ? 1 : cin, k[0], k[1]);
        boolean bias = layer.config().path("use_bias").asBoolean(true);
        AttributeProto[] attributes = {
            ints("kernel_shape", k[0], k[1]),
            ints("strides", s[0], s[1]),
            ints("dilations", d[0], d[1]),
            ints("pads", ph.begin(), pw.begin(), ph.end(), pw.end()),
            intAttr("group", depthwise ? cin : 1)
        };
        String out =
                bias
                        ? g.op(
                                "Conv",
                                attributes,
                                in.name(),
                                wName,
                                g.floats(
                                        layer.name() + "/B",
                                        weights.get(layer.name(), "bias").values(),
                                        cout))
                        : g.op("Conv", attributes, in.name(), wName);
        return new Value(out, new int[] {ph.output(), pw.output(), cout});
    }

    Value zeroPadding(KerasLayer layer, Value in) {
        image(layer, in);
        var p = layer.config().path("padding");
        long top, bottom, left, right;
        if (p.isInt()) {
            top = bottom = left = right = p.asInt();
        } else if (p.path(0).isInt()) {
            top = bottom = p.path(0).asInt();
            left = right = p.path(1).asInt();
        } else {
            top = p.path(0).path(0).asInt();
            bottom = p.path(0).path(1).asInt();
            left = p.path(1).path(0).asInt();
            right = p.path(1).path(1).asInt();
        }
        String pads = g.longs(layer.name() + "/pads", 0, 0, top, left, 0, 0, bottom, right);
        String out = g.op("Pad", in.name(), pads);
        int[] s = in.shape();
        return new Value(
                out, new int[] {(int) (s[0] + top + bottom), (int) (s[1] + left + right), s[2]});
    }

    /** Average or max pooling; TensorFlow's average leaves padded cells out of the count. */
    Value pool(KerasLayer layer, Value in, String op) {
        image(layer, in);
        int[] k = layer.pair("pool_size", 2);
        JsonNode strides = layer.config().path("strides");
        int[] s = strides.isMissingNode() || strides.isNull() ? k : layer.pair("strides", 1);
        String mode = layer.config().path("padding").asText("valid");
        Padding ph = Padding.of(layer, mode, in.shape()[0], k[0], s[0], 1);
        Padding pw = Padding.of(layer, mode, in.shape()[1], k[1], s[1], 1);
        AttributeProto[] common = {
            ints("kernel_shape", k[0], k[1]),
            ints("strides", s[0], s[1]),
            ints("pads", ph.begin(), pw.begin(), ph.end(), pw.end())
        };
        AttributeProto[] attributes =
                op.equals("AveragePool")
                        ? new AttributeProto[] {
                            common[0], common[1], common[2], intAttr("count_include_pad", 0)
                        }
                        : common;
        String out = g.op(op, attributes, in.name());
        return new Value(out, new int[] {ph.output(), pw.output(), in.channels()});
    }

    Value globalAverage(KerasLayer layer, Value in) {
        image(layer, in);
        String pooled = g.op("GlobalAveragePool", in.name());
        String out = g.op("Flatten", new AttributeProto[] {intAttr("axis", 1)}, pooled);
        return new Value(out, new int[] {in.channels()});
    }

    static void image(KerasLayer layer, Value in) {
        String format = layer.config().path("data_format").asText("channels_last");
        if (!format.equals("channels_last")) {
            throw layer.unsupported("data_format " + format);
        }
        if (in.rank() != 3) {
            throw layer.unsupported("an input of rank " + (in.rank() + 1) + " (need [N,H,W,C])");
        }
    }
}
