package dev.flinfer.models.gpt;

import static dev.flinfer.models.vit.OnnxGraphBuilder.floatAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;
import dev.flinfer.models.decoder.DecoderGraph;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import dev.flinfer.models.vit.TransformerOps;

/**
 * The nodes of one pre-LayerNorm GPT-2 block over [B,S,D]: {@code x + attn(ln_1(x))}, then {@code x
 * + mlp(ln_2(x))}. Attention projects query, key and value at once ({@code c_attn}) and splits
 * them, appends key and value to the past ({@code present.{i}.*}), scores Q·Kᵀ / sqrt(headSize)
 * plus the mask bias, softmax, times V, heads merged and projected ({@code c_proj}). The MLP is
 * {@code c_proj(gelu_new(c_fc(x)))}, gelu_new the tanh approximation.
 */
final class GptBlockGraph {
    private final OnnxGraphBuilder g;
    private final TransformerOps ops;
    private final GptConfig c;

    /** Adds the constants every block shares. */
    GptBlockGraph(OnnxGraphBuilder g, GptConfig c) {
        this.g = g;
        this.ops = new TransformerOps(g);
        this.c = c;
        g.longs("shape.heads", 0, 0, c.nHead(), c.headSize());
        g.longs("shape.merge", 0, 0, c.nEmbd());
        g.longs("split.qkv", c.nEmbd(), c.nEmbd(), c.nEmbd());
        g.scalarFloat("attn.scale", (float) (1 / Math.sqrt(c.headSize())));
        g.scalarFloat("gelu.half", 0.5f);
        g.scalarFloat("gelu.one", 1f);
        g.scalarFloat("gelu.cubic", 0.044715f);
        g.scalarFloat("gelu.sqrt_2_over_pi", (float) Math.sqrt(2 / Math.PI));
    }

    /** Block {@code i}; returns the name of its output [B,S,D]. */
    String block(GptWeights.Layer w, int i, String x, String maskBias) {
        String p = "transformer.h." + i + ".";
        long d = c.nEmbd();
        String h = layerNorm(x, p + "ln_1", w.ln1Scale, w.ln1Bias);
        String qkv = ops.linear(h, p + "attn.c_attn", w.cAttn, w.cAttnBias, d, 3 * d);
        String[] parts =
                g.ops("Split", 3, new AttributeProto[] {intAttr("axis", -1)}, qkv, "split.qkv");
        String q = heads(parts[0]);
        String k =
                DecoderGraph.appendToPast(
                        g, DecoderGraph.pastKey(i), heads(parts[1]), DecoderGraph.presentKey(i));
        String v =
                DecoderGraph.appendToPast(
                        g,
                        DecoderGraph.pastValue(i),
                        heads(parts[2]),
                        DecoderGraph.presentValue(i));
        String kT = g.op("Transpose", new AttributeProto[] {ints("perm", 0, 1, 3, 2)}, k);
        String scores = g.op("Add", g.op("Mul", g.op("MatMul", q, kT), "attn.scale"), maskBias);
        String merged = ops.attend(scores, v, "shape.merge");
        x = g.op("Add", x, ops.linear(merged, p + "attn.c_proj", w.attnProj, w.attnProjBias, d, d));
        String h2 = layerNorm(x, p + "ln_2", w.ln2Scale, w.ln2Bias);
        String m = ops.linear(h2, p + "mlp.c_fc", w.fc, w.fcBias, d, c.nInner());
        return g.op(
                "Add",
                x,
                ops.linear(geluNew(m), p + "mlp.c_proj", w.mlpProj, w.mlpProjBias, c.nInner(), d));
    }

    /** {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    private String geluNew(String x) {
        String cube = g.op("Mul", g.op("Mul", x, x), x);
        String inner =
                g.op("Mul", g.op("Add", x, g.op("Mul", cube, "gelu.cubic")), "gelu.sqrt_2_over_pi");
        return g.op(
                "Mul", g.op("Mul", x, "gelu.half"), g.op("Add", g.op("Tanh", inner), "gelu.one"));
    }

    /** LayerNormalization (an opset 17 op) over the last axis, epsilon 1e-5. */
    String layerNorm(String x, String name, float[] scale, float[] bias) {
        return g.op(
                "LayerNormalization",
                new AttributeProto[] {
                    intAttr("axis", -1), floatAttr("epsilon", GptGraph.LAYER_NORM_EPSILON)
                },
                x,
                g.floats(name + ".weight", scale, c.nEmbd()),
                g.floats(name + ".bias", bias, c.nEmbd()));
    }

    /** [B,S,D] -> [B,S,heads,headSize] -> [B,heads,S,headSize]. */
    private String heads(String x) {
        return ops.heads(x, "shape.heads", 0, 2, 1, 3);
    }
}
