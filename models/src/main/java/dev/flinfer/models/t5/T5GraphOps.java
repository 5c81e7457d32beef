package dev.flinfer.models.t5;

import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import dev.flinfer.models.vit.TransformerOps;

/**
 * The ONNX nodes T5's encoder and decoder are made of: RMS norm, bias-free linear layers, heads
 * split to {@code [B,heads,T,d_kv]} and merged back, attention without scaling, the ReLU
 * feed-forward, padding and causal masks, and the relative position bias with its buckets computed
 * in-graph. Nodes go to one builder, weights and constants to another (the outer graph, when the
 * nodes form a branch of an If), each added once however many branches use it.
 */
final class T5GraphOps {
    /** What masked scores get added: softmax then gives them exactly zero. */
    static final float MASKED = -1e9f;

    final OnnxGraphBuilder n;
    private final TransformerOps ops;
    private final OnnxGraphBuilder weights;
    private final T5Config c;

    T5GraphOps(OnnxGraphBuilder nodes, OnnxGraphBuilder weights, T5Config c) {
        this.n = nodes;
        this.ops = new TransformerOps(nodes);
        this.weights = weights;
        this.c = c;
    }

    String weight(String name, float[] values, long... dims) {
        return weights.hasInitializer(name) ? name : weights.floats(name, values, dims);
    }

    String longs(String name, long... values) {
        return weights.hasInitializer(name) ? name : weights.longs(name, values);
    }

    String scalar(String name, long value) {
        return weights.hasInitializer(name) ? name : weights.scalarLong(name, value);
    }

    String scalar(String name, float value) {
        return weights.hasInitializer(name) ? name : weights.scalarFloat(name, value);
    }

    /** The shared embedding of int64 ids: [B,T] -> [B,T,D]. */
    String embed(String ids, float[] shared) {
        String table = weight("shared.weight", shared, c.vocabSize(), c.dModel());
        return n.op("Gather", new AttributeProto[] {intAttr("axis", 0)}, table, ids);
    }

    /** The size of one axis of a tensor, an int64 scalar. */
    String dim(String tensor, int axis) {
        return n.op(
                "Gather",
                new AttributeProto[] {intAttr("axis", 0)},
                n.op("Shape", tensor),
                scalar("const.axis" + axis, (long) axis));
    }

    /** T5LayerNorm: {@code x / sqrt(mean(x^2) + eps) * weight} over the last axis. */
    String rmsNorm(String x, String name, float[] weight) {
        String eps = scalar("const.layer_norm_epsilon", T5Config.LAYER_NORM_EPSILON);
        return new TransformerOps(n).rmsNorm(x, eps, weight(name, weight, c.dModel()));
    }

    /** {@code x · weight}, weight [in, out]; T5's linear layers have no bias. */
    String linear(String x, String name, float[] weight, long in, long out) {
        return n.op("MatMul", x, weight(name, weight, in, out));
    }

    /** [B,T,inner] -> [B,heads,T,d_kv]. */
    String heads(String x) {
        return ops.heads(x, longs("const.shape_heads", 0, 0, c.numHeads(), c.dKv()), 0, 2, 1, 3);
    }

    /** softmax(Q·Kᵀ + bias) · V over [B,heads,*,d_kv], merged back to [B,T,inner]. */
    String attention(String q, String k, String v, String bias) {
        String kT = n.op("Transpose", new AttributeProto[] {ints("perm", 0, 1, 3, 2)}, k);
        String scores = n.op("Add", n.op("MatMul", q, kT), bias);
        return ops.attend(scores, v, longs("const.shape_merge", 0, 0, c.inner()));
    }

    /** {@code x + wo(relu(wi(norm(x))))}. */
    String feedForward(String x, String name, T5Weights.Block b) {
        String h = rmsNorm(x, name + "layer_norm.weight", b.ffNorm);
        String inner =
                n.op(
                        "Relu",
                        linear(h, name + "DenseReluDense.wi.weight", b.wi, c.dModel(), c.dFf()));
        return n.op(
                "Add",
                x,
                linear(inner, name + "DenseReluDense.wo.weight", b.wo, c.dFf(), c.dModel()));
    }

    /** An int64 mask [B,S] (0 = padding) as additive scores [B,1,1,S]: 0 or {@link #MASKED}. */
    String paddingMask(String mask) {
        String keep = n.op("Cast", new AttributeProto[] {castTo(TensorProto.DataType.FLOAT)}, mask);
        String dropped = n.op("Sub", scalar("const.one", 1f), keep);
        return n.op(
                "Unsqueeze",
                n.op("Mul", dropped, scalar("const.masked", MASKED)),
                longs("const.axes_1_2", 1, 2));
    }

    /** {@link #MASKED} where a key lies after its query ({@code relative > 0}), else 0: [T,L]. */
    String causalMask(String relative) {
        String after = n.op("Greater", relative, scalar("const.zero", 0L));
        return n.op("Where", after, scalar("const.masked", MASKED), scalar("const.zero_f", 0f));
    }

    /** Positions {@code start .. limit - 1}, int64 [limit - start]. */
    String range(String start, String limit) {
        return n.op("Range", start, limit, scalar("const.one_i", 1L));
    }

    /** key - query for every pair, int64 [T,L]. */
    String relative(String queryPositions, String keyPositions) {
        String keys = n.op("Unsqueeze", keyPositions, longs("const.axes_0", 0));
        String queries = n.op("Unsqueeze", queryPositions, longs("const.axes_1", 1));
        return n.op("Sub", keys, queries);
    }

    static AttributeProto castTo(TensorProto.DataType type) {
        return intAttr("to", type.getNumber());
    }
}
