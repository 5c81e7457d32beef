package dev.flinfer.models.t5;

import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes of T5's decoder, with or without a past: pre-norm blocks of causal self-attention
 * (relative position bias with unidirectional buckets, computed once; queries at cache positions
 * {@code past .. past + T - 1}), cross-attention over the encoder (keys and values projected from
 * {@code encoder_hidden_states}, or taken from the past) and feed-forward; final RMS norm, the
 * output rescaled by {@code d_model^-0.5} and multiplied by the shared embedding's transpose. The
 * same nodes make the standalone {@code decoder_model.onnx} / {@code decoder_with_past_model.onnx}
 * and the two branches of the merged graph's If.
 */
final class T5DecoderGraph {
    static final String INPUT_IDS = "input_ids";
    static final String ENCODER_MASK = "encoder_attention_mask";
    static final String ENCODER_HIDDEN = "encoder_hidden_states";
    static final String LOGITS = "logits";

    private final T5GraphOps ops;
    private final T5Config c;
    private final T5Weights w;
    private final boolean withPast;

    /**
     * @param nodes where the nodes go
     * @param weights where the weights and constants go (the same builder, or an If's outer graph)
     * @param withPast whether self-attention extends {@code past_key_values.*.decoder.*} and
     *     cross-attention reads {@code past_key_values.*.encoder.*}
     */
    T5DecoderGraph(
            OnnxGraphBuilder nodes,
            OnnxGraphBuilder weights,
            T5Config c,
            T5Weights w,
            boolean withPast) {
        this.ops = new T5GraphOps(nodes, weights, c);
        this.c = c;
        this.w = w;
        this.withPast = withPast;
    }

    static String past(int layer, String part, String kind) {
        return "past_key_values." + layer + "." + part + "." + kind;
    }

    static String present(int layer, String part, String kind) {
        return "present." + layer + "." + part + "." + kind;
    }

    /**
     * Adds the decoder; returns the values that hold its outputs, in Optimum's order ({@code
     * logits}, then per layer the decoder key and value, then, if {@code encoderPresents}, the
     * encoder key and value), each an Identity named {@code outputPrefix} + the output's name.
     */
    List<String> build(boolean encoderPresents, String outputPrefix) {
        OnnxGraphBuilder n = ops.n;
        List<String> outputs = new ArrayList<>();
        outputs.add(outputPrefix + LOGITS);
        String x = ops.embed(INPUT_IDS, w.shared);
        String pastLength =
                withPast ? ops.dim(past(0, "decoder", "key"), 2) : ops.scalar("const.zero", 0L);
        String total = n.op("Add", pastLength, ops.dim(INPUT_IDS, 1));
        String relative =
                ops.relative(
                        ops.range(pastLength, total),
                        ops.range(ops.scalar("const.zero", 0L), total));
        String table =
                ops.weight(
                        "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                        w.decoder.relativeBias,
                        c.relativeAttentionNumBuckets(),
                        c.numHeads());
        String selfBias =
                n.op(
                        "Add",
                        T5PositionBias.bias(ops, c, relative, table, false),
                        ops.causalMask(relative));
        String crossBias = ops.paddingMask(ENCODER_MASK);
        List<String[]> presents = new ArrayList<>();
        for (int l = 0; l < w.decoder.blocks.length; l++) {
            T5Weights.Block b = w.decoder.blocks[l];
            String name = "decoder.block." + l + ".layer.";
            String h = ops.rmsNorm(x, name + "0.layer_norm.weight", b.selfNorm);
            String[] self = projectSelf(h, name + "0.SelfAttention.", b.self, l);
            x = attend(x, self[0], self[1], self[2], selfBias, name + "0.SelfAttention.", b.self);
            h = ops.rmsNorm(x, name + "1.layer_norm.weight", b.crossNorm);
            String[] cross = projectCross(h, name + "1.EncDecAttention.", b.cross, l);
            x =
                    attend(
                            x,
                            cross[0],
                            cross[1],
                            cross[2],
                            crossBias,
                            name + "1.EncDecAttention.",
                            b.cross);
            x = ops.feedForward(x, name + "2.", b);
            presents.add(new String[] {self[1], self[2], cross[1], cross[2]});
        }
        String out = ops.rmsNorm(x, "decoder.final_layer_norm.weight", w.decoder.finalNorm);
        String rescaled =
                n.op("Mul", out, ops.scalar("const.rescale", (float) Math.pow(c.dModel(), -0.5)));
        String embedT = n.op("Transpose", ops.weight("shared.weight", w.shared));
        named(n.op("MatMul", rescaled, embedT), outputPrefix + LOGITS);
        for (int l = 0; l < presents.size(); l++) {
            String[] p = presents.get(l);
            outputs.add(named(p[0], outputPrefix + present(l, "decoder", "key")));
            outputs.add(named(p[1], outputPrefix + present(l, "decoder", "value")));
            if (encoderPresents) {
                outputs.add(named(p[2], outputPrefix + present(l, "encoder", "key")));
                outputs.add(named(p[3], outputPrefix + present(l, "encoder", "value")));
            }
        }
        return outputs;
    }

    /** Q of this call and the self-attention K, V over the past and this call. */
    private String[] projectSelf(String h, String name, T5Weights.Attention a, int layer) {
        long d = c.dModel();
        long inner = c.inner();
        String q = ops.heads(ops.linear(h, name + "q.weight", a.q, d, inner));
        String k = ops.heads(ops.linear(h, name + "k.weight", a.k, d, inner));
        String v = ops.heads(ops.linear(h, name + "v.weight", a.v, d, inner));
        if (withPast) {
            AttributeProto[] axis = {intAttr("axis", 2)};
            k = ops.n.op("Concat", axis, past(layer, "decoder", "key"), k);
            v = ops.n.op("Concat", axis, past(layer, "decoder", "value"), v);
        }
        return new String[] {q, k, v};
    }

    /** Q of this call and the cross-attention K, V (from the encoder, or the past). */
    private String[] projectCross(String h, String name, T5Weights.Attention a, int layer) {
        long d = c.dModel();
        long inner = c.inner();
        String q = ops.heads(ops.linear(h, name + "q.weight", a.q, d, inner));
        if (withPast) {
            return new String[] {q, past(layer, "encoder", "key"), past(layer, "encoder", "value")};
        }
        String k = ops.heads(ops.linear(ENCODER_HIDDEN, name + "k.weight", a.k, d, inner));
        String v = ops.heads(ops.linear(ENCODER_HIDDEN, name + "v.weight", a.v, d, inner));
        return new String[] {q, k, v};
    }

    private String attend(
            String x,
            String q,
            String k,
            String v,
            String bias,
            String name,
            T5Weights.Attention a) {
        String context = ops.attention(q, k, v, bias);
        return ops.n.op(
                "Add", x, ops.linear(context, name + "o.weight", a.o, c.inner(), c.dModel()));
    }

    private String named(String value, String name) {
        ops.n.op("Identity", value);
        ops.n.nameLastOutput(name);
        return name;
    }

    /** The inputs a standalone or merged decoder declares (use_cache_branch aside). */
    static void addInputs(OnnxGraphBuilder g, T5Config c, boolean past, boolean encoderHidden) {
        g.graph()
                .addInput(
                        OnnxGraphBuilder.value(
                                INPUT_IDS, DataType.INT64, "batch", "decoder_sequence_length"));
        g.graph()
                .addInput(
                        OnnxGraphBuilder.value(
                                ENCODER_MASK, DataType.INT64, "batch", "encoder_sequence_length"));
        if (encoderHidden) {
            g.graph()
                    .addInput(
                            OnnxGraphBuilder.value(
                                    ENCODER_HIDDEN,
                                    DataType.FLOAT,
                                    "batch",
                                    "encoder_sequence_length",
                                    c.dModel()));
        }
        if (!past) {
            return;
        }
        for (int l = 0; l < c.numDecoderLayers(); l++) {
            for (String part : new String[] {"decoder", "encoder"}) {
                String length =
                        part.equals("decoder")
                                ? "past_decoder_sequence_length"
                                : "encoder_sequence_length_out";
                for (String kind : new String[] {"key", "value"}) {
                    g.graph()
                            .addInput(
                                    OnnxGraphBuilder.value(
                                            past(l, part, kind),
                                            DataType.FLOAT,
                                            "batch",
                                            c.numHeads(),
                                            length,
                                            c.dKv()));
                }
            }
        }
    }
}
