package dev.flinfer.models.t5;

import static dev.flinfer.models.vit.OnnxGraphBuilder.graphAttr;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import java.util.List;

/**
 * The decoder files of an Optimum export, all made by {@link T5DecoderGraph}: {@code
 * decoder_model.onnx} (no past), {@code decoder_with_past_model.onnx} (past in, only the decoder
 * presents out) and {@code decoder_model_merged.onnx}, one If on {@code use_cache_branch} whose
 * else-branch is the no-past decoder and whose then-branch is the with-past decoder (passing the
 * past encoder keys and values through), the weights in the outer graph, shared by both.
 */
final class T5DecoderModels {
    static final String USE_CACHE_BRANCH = "use_cache_branch";
    private static final String WITH_PAST_LENGTH =
            "past_decoder_sequence_length + decoder_sequence_length";

    private T5DecoderModels() {}

    /** {@code decoder_model.onnx}: logits and every present, no past inputs. */
    static ModelProto withoutPast(T5Config c, T5Weights w) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("t5_decoder");
        List<String> outputs = new T5DecoderGraph(g, g, c, w, false).build(true, "");
        T5DecoderGraph.addInputs(g, c, false, true);
        addOutputs(g, c, outputs, "decoder_sequence_length");
        return T5Models.model(g, c, "decoder");
    }

    /** {@code decoder_with_past_model.onnx}: logits and the decoder presents. */
    static ModelProto withPast(T5Config c, T5Weights w) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("t5_decoder_with_past");
        List<String> outputs = new T5DecoderGraph(g, g, c, w, true).build(false, "");
        T5DecoderGraph.addInputs(g, c, true, false);
        addOutputs(g, c, outputs, WITH_PAST_LENGTH);
        return T5Models.model(g, c, "decoder with past");
    }

    /** {@code decoder_model_merged.onnx}. */
    static ModelProto merged(T5Config c, T5Weights w) {
        OnnxGraphBuilder outer = new OnnxGraphBuilder("t5_decoder_merged", "merged/");
        OnnxGraphBuilder then = new OnnxGraphBuilder("decoder_with_past", "with_past/");
        OnnxGraphBuilder otherwise = new OnnxGraphBuilder("decoder_without_past", "no_past/");
        List<String> withPast =
                new T5DecoderGraph(then, outer, c, w, true).build(true, "with_past/");
        List<String> noPast =
                new T5DecoderGraph(otherwise, outer, c, w, false).build(true, "no_past/");
        for (int i = 0; i < withPast.size(); i++) {
            then.graph().addOutput(OnnxGraphBuilder.unshapedValue(withPast.get(i), DataType.FLOAT));
            otherwise
                    .graph()
                    .addOutput(OnnxGraphBuilder.unshapedValue(noPast.get(i), DataType.FLOAT));
        }
        List<String> names = noPast.stream().map(s -> s.substring("no_past/".length())).toList();
        outer.ops(
                "If",
                names.size(),
                new AttributeProto[] {
                    graphAttr("then_branch", then.graph().build()),
                    graphAttr("else_branch", otherwise.graph().build())
                },
                USE_CACHE_BRANCH);
        outer.nameLastOutputs(names.toArray(String[]::new));
        T5DecoderGraph.addInputs(outer, c, true, true);
        outer.graph().addInput(OnnxGraphBuilder.value(USE_CACHE_BRANCH, DataType.BOOL, 1));
        addOutputs(outer, c, names, WITH_PAST_LENGTH);
        return T5Models.model(outer, c, "decoder (merged: with and without past)");
    }

    private static void addOutputs(
            OnnxGraphBuilder g, T5Config c, List<String> names, String decoderLength) {
        for (String name : names) {
            if (name.equals(T5DecoderGraph.LOGITS)) {
                g.graph()
                        .addOutput(
                                OnnxGraphBuilder.value(
                                        name,
                                        DataType.FLOAT,
                                        "batch",
                                        "decoder_sequence_length",
                                        c.vocabSize()));
                continue;
            }
            String length = name.contains(".decoder.") ? decoderLength : "encoder_sequence_length";
            g.graph()
                    .addOutput(
                            OnnxGraphBuilder.value(
                                    name, DataType.FLOAT, "batch", c.numHeads(), length, c.dKv()));
        }
    }
}
