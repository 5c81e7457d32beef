package dev.flinfer.models.vit;

import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;

/**
 * The transformer pieces the generated graphs share, added to one {@link OnnxGraphBuilder}: linear
 * layers with bias, heads split from {@code [B,T,D]} and softmax attention merged back.
 *
 * <pre>{@code
 * TransformerOps ops = new TransformerOps(g);
 * String q = ops.heads(ops.linear(h, "q", w, b, d, d), "shape.heads", 0, 2, 1, 3);
 * }</pre>
 */
public final class TransformerOps {
    private final OnnxGraphBuilder g;

    public TransformerOps(OnnxGraphBuilder g) {
        this.g = g;
    }

    /**
     * {@code x · weight + bias}, weight [in, out], added as initializers {@code name.weight} and
     * {@code name.bias}.
     */
    public String linear(String x, String name, float[] weight, float[] bias, long in, long out) {
        return g.op(
                "Add",
                g.op("MatMul", x, g.floats(name + ".weight", weight, in, out)),
                g.floats(name + ".bias", bias, out));
    }

    /**
     * [B,T,D] reshaped by {@code shape} to [B,T,heads,d], then transposed by {@code perm} ({@code
     * 0,2,1,3} gives [B,heads,T,d]).
     */
    public String heads(String x, String shape, long... perm) {
        return g.op(
                "Transpose", new AttributeProto[] {ints("perm", perm)}, g.op("Reshape", x, shape));
    }

    /**
     * RMSNorm over the last axis: {@code x / sqrt(mean(x^2) + eps) * weight}, {@code eps} and
     * {@code weight} the names of initializers already added.
     */
    public String rmsNorm(String x, String eps, String weight) {
        String mean =
                g.op(
                        "ReduceMean",
                        new AttributeProto[] {ints("axes", -1), intAttr("keepdims", 1)},
                        g.op("Mul", x, x));
        String normed = g.op("Div", x, g.op("Sqrt", g.op("Add", mean, eps)));
        return g.op("Mul", normed, weight);
    }

    /**
     * softmax({@code scores}) on the last axis times {@code v} [B,heads,T,d], heads merged back to
     * [B,T,D] by {@code mergeShape}.
     */
    public String attend(String scores, String v, String mergeShape) {
        String probs = g.op("Softmax", new AttributeProto[] {intAttr("axis", -1)}, scores);
        String context =
                g.op(
                        "Transpose",
                        new AttributeProto[] {ints("perm", 0, 2, 1, 3)},
                        g.op("MatMul", probs, v));
        return g.op("Reshape", context, mergeShape);
    }
}
