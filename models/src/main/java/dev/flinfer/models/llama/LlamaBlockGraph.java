package dev.flinfer.models.llama;

import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.AttributeProto;
import dev.flinfer.models.decoder.DecoderGraph;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import dev.flinfer.models.vit.TransformerOps;

/**
 * The nodes of one Llama block over [B,S,D]: {@code x + attn(rms(x))}, then {@code x +
 * mlp(rms(x))}. Attention projects q (heads), k and v (kvHeads) without bias, rotates q and k by
 * the rotary embedding of the positions, appends k and v to the past ({@code present.{i}.*}, the
 * keys rotated), repeats each kv head for its {@code groups} query heads, and scores Q·Kᵀ /
 * sqrt(headDim) plus the mask bias. The MLP is SwiGLU: {@code down(silu(gate(x)) * up(x))}.
 */
final class LlamaBlockGraph {
    private final OnnxGraphBuilder g;
    private final TransformerOps ops;
    private final LlamaConfig c;
    private final String cos;
    private final String sin;

    /** Adds the constants every block shares; {@code cos} and {@code sin} are [B,1,S,headDim]. */
    LlamaBlockGraph(OnnxGraphBuilder g, LlamaConfig c, String cos, String sin) {
        this.g = g;
        this.ops = new TransformerOps(g);
        this.c = c;
        this.cos = cos;
        this.sin = sin;
        g.longs("shape.q_heads", 0, 0, c.heads(), c.headDim());
        g.longs("shape.kv_heads", 0, 0, c.kvHeads(), c.headDim());
        g.longs("shape.merge", 0, 0, (long) c.heads() * c.headDim());
        g.longs("gqa.axes", 2);
        g.longs("gqa.expand", 1, 1, c.groups(), 1, 1);
        g.longs("gqa.shape", 0, c.heads(), -1, c.headDim());
        g.longs("rope.split", c.headDim() / 2, c.headDim() / 2);
        g.scalarFloat("attn.scale", (float) (1 / Math.sqrt(c.headDim())));
        g.scalarFloat("rms.eps", LlamaConfig.RMS_NORM_EPS);
    }

    /** Block {@code i}; returns the name of its output [B,S,D]. */
    String block(LlamaWeights.Layer w, int i, String x, String maskBias) {
        String p = "model.layers." + i + ".";
        long d = c.hiddenSize();
        long qWidth = (long) c.heads() * c.headDim();
        long kvWidth = (long) c.kvHeads() * c.headDim();
        String h = rmsNorm(x, p + "input_layernorm", w.inputNorm);
        String q = rotate(heads(project(h, p + "self_attn.q_proj", w.q, d, qWidth), "q"));
        String k = rotate(heads(project(h, p + "self_attn.k_proj", w.k, d, kvWidth), "kv"));
        String v = heads(project(h, p + "self_attn.v_proj", w.v, d, kvWidth), "kv");
        k = DecoderGraph.appendToPast(g, DecoderGraph.pastKey(i), k, DecoderGraph.presentKey(i));
        v =
                DecoderGraph.appendToPast(
                        g, DecoderGraph.pastValue(i), v, DecoderGraph.presentValue(i));
        String kT = g.op("Transpose", new AttributeProto[] {ints("perm", 0, 1, 3, 2)}, repeatKv(k));
        String scores = g.op("Add", g.op("Mul", g.op("MatMul", q, kT), "attn.scale"), maskBias);
        String merged = ops.attend(scores, repeatKv(v), "shape.merge");
        x = g.op("Add", x, project(merged, p + "self_attn.o_proj", w.o, qWidth, d));
        String h2 = rmsNorm(x, p + "post_attention_layernorm", w.postNorm);
        long inner = c.intermediateSize();
        String gate = project(h2, p + "mlp.gate_proj", w.gate, d, inner);
        String up = project(h2, p + "mlp.up_proj", w.up, d, inner);
        String silu = g.op("Mul", gate, g.op("Sigmoid", gate));
        return g.op(
                "Add", x, project(g.op("Mul", silu, up), p + "mlp.down_proj", w.down, inner, d));
    }

    /** {@code weight * x / sqrt(mean(x^2) + eps)} over the last axis. */
    String rmsNorm(String x, String name, float[] weight) {
        return ops.rmsNorm(x, "rms.eps", g.floats(name + ".weight", weight, c.hiddenSize()));
    }

    /** {@code x · weight}, weight [in, out], no bias. */
    private String project(String x, String name, float[] weight, long in, long out) {
        return g.op("MatMul", x, g.floats(name + ".weight", weight, in, out));
    }

    /** [B,S,heads*headDim] -> [B,heads,S,headDim], {@code kind} "q" or "kv". */
    private String heads(String x, String kind) {
        return ops.heads(x, "shape." + kind + "_heads", 0, 2, 1, 3);
    }

    /** {@code x * cos + rotate_half(x) * sin}, rotate_half(x) = [-x2, x1] on the last axis. */
    private String rotate(String x) {
        AttributeProto[] last = {intAttr("axis", -1)};
        String[] halves = g.ops("Split", 2, last, x, "rope.split");
        String rotated = g.op("Concat", last, g.op("Neg", halves[1]), halves[0]);
        return g.op("Add", g.op("Mul", x, cos), g.op("Mul", rotated, sin));
    }

    /** [B,kvHeads,T,headDim] -> [B,heads,T,headDim], kv head j serving query heads j*groups.. */
    private String repeatKv(String x) {
        String expanded = g.op("Expand", g.op("Unsqueeze", x, "gqa.axes"), "gqa.expand");
        return g.op("Reshape", expanded, "gqa.shape");
    }
}
