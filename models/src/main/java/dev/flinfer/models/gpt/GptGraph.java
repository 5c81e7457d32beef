package dev.flinfer.models.gpt;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.flinfer.models.decoder.DecoderGraph;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import dev.flinfer.models.vit.SeededModels;

/**
 * A GPT-2-style decoder with a key/value cache as an ONNX graph (opset 17, IR version 8), with the
 * inputs and outputs of Hugging Face Optimum's {@code text-generation-with-past} export and the
 * in-graph causal and padding mask of {@link DecoderGraph}: learned position embeddings,
 * pre-LayerNorm blocks ({@link GptBlockGraph}), logits the last hidden state times the token
 * embedding, transposed (tied).
 *
 * <pre>{@code
 * GptConfig config = GptConfig.tinyMiniLm();
 * ModelProto model = GptGraph.build(config, GptWeights.generate(config));
 * }</pre>
 */
public final class GptGraph {
    public static final int OPSET = SeededModels.OPSET;
    public static final int IR_VERSION = SeededModels.IR_VERSION;
    public static final String INPUT_IDS = DecoderGraph.INPUT_IDS;
    public static final String ATTENTION_MASK = DecoderGraph.ATTENTION_MASK;
    public static final String POSITION_IDS = DecoderGraph.POSITION_IDS;
    public static final String LOGITS = DecoderGraph.LOGITS;
    static final float LAYER_NORM_EPSILON = 1e-5f;
    private static final String WTE = "transformer.wte.weight";

    private GptGraph() {}

    public static String pastKey(int layer) {
        return DecoderGraph.pastKey(layer);
    }

    public static String pastValue(int layer) {
        return DecoderGraph.pastValue(layer);
    }

    public static String presentKey(int layer) {
        return DecoderGraph.presentKey(layer);
    }

    public static String presentValue(int layer) {
        return DecoderGraph.presentValue(layer);
    }

    public static ModelProto build(GptConfig c, GptWeights w) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("gpt2");
        long d = c.nEmbd();
        long vocab = c.vocabSize();
        String tokens = g.op("Gather", g.floats(WTE, w.wte, vocab, d), INPUT_IDS);
        String positions =
                g.op(
                        "Gather",
                        g.floats("transformer.wpe.weight", w.wpe, c.nPositions(), d),
                        POSITION_IDS);
        String x = g.op("Add", tokens, positions);
        String bias = DecoderGraph.maskBias(g);
        GptBlockGraph blocks = new GptBlockGraph(g, c);
        for (int i = 0; i < c.nLayer(); i++) {
            x = blocks.block(w.layers[i], i, x, bias);
        }
        String h = blocks.layerNorm(x, "transformer.ln_f", w.lnFScale, w.lnFBias);
        DecoderGraph.logits(g, h, WTE, d, vocab);
        DecoderGraph.declareInputsAndOutputs(g, c.dims());
        return SeededModels.model(g, "GPT-2-style decoder", c.seed());
    }
}
