package dev.flinfer.models.vit;

import static dev.flinfer.models.vit.OnnxGraphBuilder.floatAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;

import ai.onnx.proto.OnnxMl.AttributeProto;

/**
 * The nodes of one pre-LayerNorm encoder block, over tokens [N,T,D]: {@code x + attention(LN(x))},
 * then {@code x + MLP(LN(x))}. Attention splits D into heads ([N,T,heads,d] transposed to
 * [N,heads,T,d]), scores Q·Kᵀ / sqrt(d), softmax on the last axis, times V, heads merged back and
 * projected. The MLP uses exact GELU, {@code 0.5 * x * (1 + Erf(x / sqrt(2)))}.
 */
final class VitEncoderGraph {
    private final OnnxGraphBuilder g;
    private final TransformerOps ops;
    private final VitConfig c;

    /** Adds the constants every block shares. */
    VitEncoderGraph(OnnxGraphBuilder g, VitConfig c) {
        this.g = g;
        this.ops = new TransformerOps(g);
        this.c = c;
        g.longs("shape.heads", 0, 0, c.heads(), c.headDim());
        g.longs("shape.merge", 0, 0, c.hidden());
        g.scalarFloat("attention.sqrt_head_dim", (float) Math.sqrt(c.headDim()));
        g.scalarFloat("half", 0.5f);
        g.scalarFloat("one", 1f);
        g.scalarFloat("sqrt2", (float) Math.sqrt(2.0));
    }

    /** One block; returns the name of its output [N,T,D]. */
    String block(VitWeights.Layer w, String name, String x) {
        long d = c.hidden();
        String h = layerNorm(x, name + "norm1", w.norm1Scale, w.norm1Bias);
        String q = heads(linear(h, name + "q", w.q, w.qBias, d, d), 0, 2, 1, 3);
        String kT = heads(linear(h, name + "k", w.k, w.kBias, d, d), 0, 2, 3, 1);
        String v = heads(linear(h, name + "v", w.v, w.vBias, d, d), 0, 2, 1, 3);
        String scores = g.op("Div", g.op("MatMul", q, kT), "attention.sqrt_head_dim");
        String merged = ops.attend(scores, v, "shape.merge");
        x = g.op("Add", x, linear(merged, name + "out", w.out, w.outBias, d, d));
        String h2 = layerNorm(x, name + "norm2", w.norm2Scale, w.norm2Bias);
        String m = linear(h2, name + "fc1", w.fc1, w.fc1Bias, d, c.mlpDim());
        String gelu =
                g.op(
                        "Mul",
                        g.op("Mul", m, "half"),
                        g.op("Add", g.op("Erf", g.op("Div", m, "sqrt2")), "one"));
        return g.op("Add", x, linear(gelu, name + "fc2", w.fc2, w.fc2Bias, c.mlpDim(), d));
    }

    /** {@code x · weight + bias}, weight [in, out]. */
    String linear(String x, String name, float[] weight, float[] bias, long in, long out) {
        return ops.linear(x, name, weight, bias, in, out);
    }

    /** LayerNormalization (an opset 17 op) over the last axis. */
    String layerNorm(String x, String name, float[] scale, float[] bias) {
        return g.op(
                "LayerNormalization",
                new AttributeProto[] {
                    intAttr("axis", -1), floatAttr("epsilon", VitGraph.LAYER_NORM_EPSILON)
                },
                x,
                g.floats(name + ".scale", scale, c.hidden()),
                g.floats(name + ".bias", bias, c.hidden()));
    }

    /** [N,T,D] -> [N,T,heads,d] -> transposed by {@code perm}. */
    private String heads(String x, long... perm) {
        return ops.heads(x, "shape.heads", perm);
    }
}
