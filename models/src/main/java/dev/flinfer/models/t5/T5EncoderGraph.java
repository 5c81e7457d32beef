package dev.flinfer.models.t5;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.flinfer.models.vit.OnnxGraphBuilder;

/**
 * T5's encoder as an ONNX graph ({@code encoder_model.onnx} of an Optimum export): shared
 * embedding, pre-norm blocks of self-attention (relative position bias, bidirectional buckets,
 * computed once and shared by every block, plus the padding mask) and feed-forward, final RMS norm.
 * Inputs {@code input_ids}, {@code attention_mask} int64 [batch, encoder_sequence_length]; output
 * {@code last_hidden_state} float [batch, encoder_sequence_length, d_model].
 */
final class T5EncoderGraph {
    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String OUTPUT = "last_hidden_state";

    private T5EncoderGraph() {}

    static ModelProto build(T5Config c, T5Weights w) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("t5_encoder");
        T5GraphOps ops = new T5GraphOps(g, g, c);
        String x = ops.embed(INPUT_IDS, w.shared);
        String positions = ops.range(ops.scalar("const.zero", 0L), ops.dim(INPUT_IDS, 1));
        String table =
                ops.weight(
                        "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                        w.encoder.relativeBias,
                        c.relativeAttentionNumBuckets(),
                        c.numHeads());
        String relative = ops.relative(positions, positions);
        String bias =
                g.op(
                        "Add",
                        T5PositionBias.bias(ops, c, relative, table, true),
                        ops.paddingMask(ATTENTION_MASK));
        for (int l = 0; l < w.encoder.blocks.length; l++) {
            T5Weights.Block b = w.encoder.blocks[l];
            String name = "encoder.block." + l + ".layer.";
            String h = ops.rmsNorm(x, name + "0.layer_norm.weight", b.selfNorm);
            String attention = name + "0.SelfAttention.";
            long d = c.dModel();
            long inner = c.inner();
            String q = ops.heads(ops.linear(h, attention + "q.weight", b.self.q, d, inner));
            String k = ops.heads(ops.linear(h, attention + "k.weight", b.self.k, d, inner));
            String v = ops.heads(ops.linear(h, attention + "v.weight", b.self.v, d, inner));
            String context = ops.attention(q, k, v, bias);
            x = g.op("Add", x, ops.linear(context, attention + "o.weight", b.self.o, inner, d));
            x = ops.feedForward(x, name + "1.", b);
        }
        ops.rmsNorm(x, "encoder.final_layer_norm.weight", w.encoder.finalNorm);
        g.nameLastOutput(OUTPUT);
        String[] dims = {"batch", "encoder_sequence_length"};
        g.graph().addInput(OnnxGraphBuilder.value(INPUT_IDS, DataType.INT64, (Object[]) dims));
        g.graph().addInput(OnnxGraphBuilder.value(ATTENTION_MASK, DataType.INT64, (Object[]) dims));
        g.graph()
                .addOutput(
                        OnnxGraphBuilder.value(
                                OUTPUT,
                                DataType.FLOAT,
                                "batch",
                                "encoder_sequence_length",
                                c.dModel()));
        return T5Models.model(g, c, "encoder");
    }
}
