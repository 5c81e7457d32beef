package dev.flinfer.models.llama;

import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.flinfer.models.decoder.DecoderGraph;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import dev.flinfer.models.vit.SeededModels;

/**
 * A Llama-style decoder with a key/value cache as an ONNX graph (opset 17, IR version 8), with the
 * inputs and outputs of Hugging Face Optimum's {@code text-generation-with-past} export and the
 * in-graph causal and padding mask of {@link DecoderGraph}: token embedding, rotary position
 * embeddings computed from {@code position_ids} (theta 10000), RMSNorm-first blocks with
 * grouped-query attention ({@link LlamaBlockGraph}; the cache holds the {@code kvHeads} heads), a
 * final RMSNorm and an untied {@code lm_head}.
 *
 * <pre>{@code
 * LlamaConfig config = LlamaConfig.tinyMiniLm();
 * ModelProto model = LlamaGraph.build(config, LlamaWeights.generate(config));
 * }</pre>
 */
public final class LlamaGraph {
    private static final String LM_HEAD = "lm_head.weight";

    private LlamaGraph() {}

    public static ModelProto build(LlamaConfig c, LlamaWeights w) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("llama");
        long d = c.hiddenSize();
        long vocab = c.vocabSize();
        String x =
                g.op(
                        "Gather",
                        g.floats("model.embed_tokens.weight", w.embed, vocab, d),
                        DecoderGraph.INPUT_IDS);
        String bias = DecoderGraph.maskBias(g);
        String[] cosSin = rotary(g, c);
        LlamaBlockGraph blocks = new LlamaBlockGraph(g, c, cosSin[0], cosSin[1]);
        for (int i = 0; i < c.layers(); i++) {
            x = blocks.block(w.layers[i], i, x, bias);
        }
        String h = blocks.rmsNorm(x, "model.norm", w.norm);
        DecoderGraph.logits(g, h, g.floats(LM_HEAD, w.lmHead, vocab, d), d, vocab);
        DecoderGraph.declareInputsAndOutputs(g, c.dims());
        return SeededModels.model(g, "Llama-style decoder", c.seed());
    }

    /**
     * cos and sin [B,1,S,headDim] of {@code position_ids * inverse frequency}, the frequencies
     * repeated for both halves of a head.
     */
    private static String[] rotary(OnnxGraphBuilder g, LlamaConfig c) {
        String positions =
                g.op(
                        "Unsqueeze",
                        g.op(
                                "Cast",
                                new AttributeProto[] {intAttr("to", DataType.FLOAT.getNumber())},
                                DecoderGraph.POSITION_IDS),
                        g.longs("rope.axes.last", 2));
        float[] inverse = LlamaMath.inverseFrequencies(c.headDim());
        String freqs = g.op("Mul", positions, g.floats("rope.inv_freq", inverse, inverse.length));
        String angles = g.op("Concat", new AttributeProto[] {intAttr("axis", -1)}, freqs, freqs);
        String heads = g.longs("rope.axes.heads", 1);
        return new String[] {
            g.op("Unsqueeze", g.op("Cos", angles), heads),
            g.op("Unsqueeze", g.op("Sin", angles), heads)
        };
    }
}
