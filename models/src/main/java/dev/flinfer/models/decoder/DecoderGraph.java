package dev.flinfer.models.decoder;

import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.value;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.flinfer.models.vit.OnnxGraphBuilder;

/**
 * The parts of a decoder-only graph that do not depend on its architecture, in Hugging Face
 * Optimum's {@code text-generation-with-past} names: {@code input_ids}, {@code attention_mask} and
 * {@code position_ids} int64, {@code past_key_values.{i}.key|value} float32 [batch, kvHeads, past,
 * headSize] in; {@code logits} [batch, sequence, vocab] and {@code present.{i}.key|value} out. The
 * mask lets query {@code i} of a call (cache index {@code past + i}) attend key {@code j} iff
 * {@code j <= past + i} and {@code attention_mask[b, j] == 1}, for any past length.
 *
 * <pre>{@code
 * String bias = DecoderGraph.maskBias(g);                     // [B,1,S,T]
 * String k = DecoderGraph.appendToPast(g, DecoderGraph.pastKey(0), keys, DecoderGraph.presentKey(0));
 * DecoderGraph.declareInputsAndOutputs(g, config.dims());
 * }</pre>
 */
public final class DecoderGraph {
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String POSITION_IDS = "position_ids";
    public static final String LOGITS = "logits";

    /** Added to the score of a key a query may not see: its softmax weight becomes exactly 0. */
    public static final float MASKED = -1e9f;

    private static final String BATCH = "batch";
    private static final String SEQUENCE = "sequence_length";
    private static final String PAST = "past_sequence_length";
    private static final String TOTAL = "past_sequence_length + sequence_length";

    private DecoderGraph() {}

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

    /**
     * The additive attention mask [B,1,S,T]: 0 where query i (cache index past + i) may attend key
     * j, {@link #MASKED} elsewhere. S is read from input_ids, T from attention_mask.
     */
    public static String maskBias(OnnxGraphBuilder g) {
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

    /** The past [B,heads,P,headSize] with {@code x} appended on axis 2, named {@code present}. */
    public static String appendToPast(OnnxGraphBuilder g, String past, String x, String present) {
        g.op("Concat", new AttributeProto[] {intAttr("axis", 2)}, past, x);
        return g.nameLastOutput(present);
    }

    /**
     * The logits [B,S,V] named {@link #LOGITS}: the last hidden state {@code h} [B,S,D] times the
     * rows of {@code table} [V,D] (the token embedding when tied, the lm_head when not).
     */
    public static void logits(OnnxGraphBuilder g, String h, String table, long d, long vocab) {
        // [B,S,D] -> [B*S,D] times the table transposed -> [B*S,V] -> [B,S,V]
        String rows = g.op("Reshape", h, g.longs("shape.rows_by_embd", -1, d));
        String scores = g.op("Gemm", new AttributeProto[] {intAttr("transB", 1)}, rows, table);
        String shape =
                g.op(
                        "Concat",
                        new AttributeProto[] {intAttr("axis", 0)},
                        g.op("Shape", INPUT_IDS),
                        g.longs("shape.vocab", vocab));
        g.op("Reshape", scores, shape);
        g.nameLastOutput(LOGITS);
    }

    /** Declares the Optimum inputs and outputs, the cache with {@code d.kvHeads()} heads. */
    public static void declareInputsAndOutputs(OnnxGraphBuilder g, DecoderDims d) {
        long heads = d.kvHeads();
        long size = d.headSize();
        var graph = g.graph();
        graph.addInput(value(INPUT_IDS, DataType.INT64, BATCH, SEQUENCE));
        graph.addInput(value(ATTENTION_MASK, DataType.INT64, BATCH, TOTAL));
        graph.addInput(value(POSITION_IDS, DataType.INT64, BATCH, SEQUENCE));
        for (int i = 0; i < d.layers(); i++) {
            graph.addInput(value(pastKey(i), DataType.FLOAT, BATCH, heads, PAST, size));
            graph.addInput(value(pastValue(i), DataType.FLOAT, BATCH, heads, PAST, size));
        }
        graph.addOutput(value(LOGITS, DataType.FLOAT, BATCH, SEQUENCE, (long) d.vocabSize()));
        for (int i = 0; i < d.layers(); i++) {
            graph.addOutput(value(presentKey(i), DataType.FLOAT, BATCH, heads, TOTAL, size));
            graph.addOutput(value(presentValue(i), DataType.FLOAT, BATCH, heads, TOTAL, size));
        }
    }
}
