package dev.flinfer.models.gpt;

import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.value;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import dev.flinfer.models.vit.SeededModels;

/**
 * A GPT-2-style decoder with a key/value cache as an ONNX graph (opset 17, IR version 8), with the
 * inputs and outputs of Hugging Face Optimum's {@code text-generation-with-past} export: {@code
 * input_ids}, {@code attention_mask} and {@code position_ids} int64, {@code
 * past_key_values.{i}.key|value} float32 [batch, heads, past, headSize] in; {@code logits} float32
 * [batch, sequence, vocab] and {@code present.{i}.key|value} (the past with this call's keys and
 * values appended) out. The past may be empty (length 0). Query {@code i} of a call sits at cache
 * index {@code past + i} and attends key {@code j} iff {@code j <= past + i} and {@code
 * attention_mask[b, j] == 1}, by an additive mask of {@link #MASKED} built from Shape, Range and
 * comparisons; logits are the last hidden state times the token embedding, transposed (tied).
 *
 * <pre>{@code
 * GptConfig config = GptConfig.tinyMiniLm();
 * ModelProto model = GptGraph.build(config, GptWeights.generate(config));
 * }</pre>
 */
public final class GptGraph {
    public static final int OPSET = SeededModels.OPSET;
    public static final int IR_VERSION = SeededModels.IR_VERSION;
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String POSITION_IDS = "position_ids";
    public static final String LOGITS = "logits";
    static final float LAYER_NORM_EPSILON = 1e-5f;

    /** Added to the score of a key a query may not see: its softmax weight becomes exactly 0. */
    static final float MASKED = -1e9f;

    private static final String BATCH = "batch";
    private static final String SEQUENCE = "sequence_length";
    private static final String PAST = "past_sequence_length";
    private static final String TOTAL = "past_sequence_length + sequence_length";
    private static final String WTE = "transformer.wte.weight";

    private GptGraph() {}

    public static String pastKey(int layer) {
        return "past_key_values." + layer + ".key";
    }

    public static String pastValue(int layer) {
        return "past_key_values." + layer + ".value";
    }

    public static String presentKey(int layer) {
        return "present." + layer + ".key";
    }

    public static String presentValue(int layer) {
        return "present." + layer + ".value";
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
        String bias = maskBias(g);
        GptBlockGraph blocks = new GptBlockGraph(g, c);
        for (int i = 0; i < c.nLayer(); i++) {
            x = blocks.block(w.layers[i], i, x, bias);
        }
        String h = blocks.layerNorm(x, "transformer.ln_f", w.lnFScale, w.lnFBias);
        // [B,S,D] -> [B*S,D] times wte transposed -> [B*S,V] -> [B,S,V]
        String rows = g.op("Reshape", h, g.longs("shape.rows_by_embd", -1, d));
        String scores = g.op("Gemm", new AttributeProto[] {intAttr("transB", 1)}, rows, WTE);
        String shape =
                g.op(
                        "Concat",
                        new AttributeProto[] {intAttr("axis", 0)},
                        g.op("Shape", INPUT_IDS),
                        g.longs("shape.vocab", vocab));
        g.op("Reshape", scores, shape);
        g.nameLastOutput(LOGITS);
        declareInputsAndOutputs(g, c);
        return SeededModels.model(g, "GPT-2-style decoder", c.seed());
    }

    /**
     * The additive attention mask [B,1,S,T]: 0 where query i (cache index past + i) may attend key
     * j, {@link #MASKED} elsewhere. S is read from input_ids, T from attention_mask.
     */
    private static String maskBias(OnnxGraphBuilder g) {
        String zero = g.scalarLong("mask.zero", 0);
        String one = g.scalarLong("mask.one", 1);
        String axisOne = g.scalarLong("index.one", 1);
        AttributeProto[] axis0 = {intAttr("axis", 0)};
        String seq = g.op("Gather", axis0, g.op("Shape", INPUT_IDS), axisOne);
        String total = g.op("Gather", axis0, g.op("Shape", ATTENTION_MASK), axisOne);
        String past = g.op("Sub", total, seq);
        String queries =
                g.op(
                        "Unsqueeze",
                        g.op("Add", g.op("Range", zero, seq, one), past),
                        g.longs("axes.last", 1));
        String keys = g.op("Range", zero, total, one);
        String causal = g.op("LessOrEqual", keys, queries);
        String real =
                g.op(
                        "Unsqueeze",
                        g.op("Equal", ATTENTION_MASK, one),
                        g.longs("axes.heads_queries", 1, 2));
        String allowed = g.op("And", causal, real);
        return g.op(
                "Where",
                allowed,
                g.scalarFloat("mask.open", 0f),
                g.scalarFloat("mask.closed", MASKED));
    }

    private static void declareInputsAndOutputs(OnnxGraphBuilder g, GptConfig c) {
        long heads = c.nHead();
        long size = c.headSize();
        var graph = g.graph();
        graph.addInput(value(INPUT_IDS, DataType.INT64, BATCH, SEQUENCE));
        graph.addInput(value(ATTENTION_MASK, DataType.INT64, BATCH, TOTAL));
        graph.addInput(value(POSITION_IDS, DataType.INT64, BATCH, SEQUENCE));
        for (int i = 0; i < c.nLayer(); i++) {
            graph.addInput(value(pastKey(i), DataType.FLOAT, BATCH, heads, PAST, size));
            graph.addInput(value(pastValue(i), DataType.FLOAT, BATCH, heads, PAST, size));
        }
        graph.addOutput(value(LOGITS, DataType.FLOAT, BATCH, SEQUENCE, (long) c.vocabSize()));
        for (int i = 0; i < c.nLayer(); i++) {
            graph.addOutput(value(presentKey(i), DataType.FLOAT, BATCH, heads, TOTAL, size));
            graph.addOutput(value(presentValue(i), DataType.FLOAT, BATCH, heads, TOTAL, size));
        }
    }
}
