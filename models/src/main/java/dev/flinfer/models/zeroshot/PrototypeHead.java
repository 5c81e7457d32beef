package dev.flinfer.models.zeroshot;

import static dev.flinfer.models.vit.OnnxGraphBuilder.intAttr;
import static dev.flinfer.models.vit.OnnxGraphBuilder.ints;
import static dev.flinfer.models.vit.OnnxGraphBuilder.value;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Appends the prototype head to an encoder graph that outputs {@code last_hidden_state} [B,T,H]:
 *
 * <pre>
 * mask   = Unsqueeze(Cast(attention_mask, float), axes=[2])            [B,T,1]
 * mean   = ReduceSum(last_hidden_state * mask, axes=[1]) / max(ReduceSum(mask, axes=[1]), 1e-9)
 * unit   = LpNormalization(mean, axis=1, p=2)                           [B,H]
 * logits = (MatMul(unit, prototypes^T) + bias) * scale                  [B,L]
 * </pre>
 *
 * <p>Uses only operators whose form is the same from opset 11 on (ReduceSum and Unsqueeze take
 * their axes as attributes below opset 13), and refuses an encoder of another opset. Optionally
 * drops the {@code token_type_ids} input (the graph then feeds zeros to the encoder itself), which
 * gives a classifier with the input list of DistilBERT or RoBERTa exports.
 */
final class PrototypeHead {
    static final String LOGITS = "logits";
    private static final String PREFIX = "flinfer_head/";

    private PrototypeHead() {}

    /**
     * The encoder with the head appended; {@code prototypes} are [L][H] unit rows, {@code bias} one
     * per label.
     */
    static ModelProto compose(
            ModelProto encoder,
            float[][] prototypes,
            float[] bias,
            float scale,
            boolean withoutTokenTypeIds) {
        long opset = defaultOpset(encoder);
        if (opset < 11 || opset > 12) {
            throw new IllegalArgumentException(
                    "the encoder graph uses opset "
                            + opset
                            + "; this head is written for opset 11-12 (axes as attributes)");
        }
        int labels = prototypes.length;
        int hidden = prototypes[0].length;
        GraphProto.Builder g = encoder.getGraph().toBuilder();
        if (withoutTokenTypeIds) {
            dropTokenTypeIds(g);
        }
        float[] matrix = new float[hidden * labels];
        for (int l = 0; l < labels; l++) {
            for (int h = 0; h < hidden; h++) {
                matrix[h * labels + l] = prototypes[l][h];
            }
        }
        g.addInitializer(floats(PREFIX + "prototypes_t", matrix, hidden, labels));
        g.addInitializer(floats(PREFIX + "bias", bias, labels));
        g.addInitializer(floats(PREFIX + "scale", new float[] {scale}));
        g.addInitializer(floats(PREFIX + "eps", new float[] {1e-9f}));
        node(
                g,
                "Cast",
                "mask_f",
                List.of(intAttr("to", TensorProto.DataType.FLOAT_VALUE)),
                "attention_mask");
        node(g, "Unsqueeze", "mask_3", List.of(ints("axes", 2)), PREFIX + "mask_f");
        node(g, "Mul", "weighted", List.of(), "last_hidden_state", PREFIX + "mask_3");
        node(
                g,
                "ReduceSum",
                "sum",
                List.of(ints("axes", 1), intAttr("keepdims", 0)),
                PREFIX + "weighted");
        node(
                g,
                "ReduceSum",
                "count",
                List.of(ints("axes", 1), intAttr("keepdims", 0)),
                PREFIX + "mask_3");
        node(g, "Max", "count_safe", List.of(), PREFIX + "count", PREFIX + "eps");
        node(g, "Div", "mean", List.of(), PREFIX + "sum", PREFIX + "count_safe");
        node(
                g,
                "LpNormalization",
                "unit",
                List.of(intAttr("axis", 1), intAttr("p", 2)),
                PREFIX + "mean");
        node(g, "MatMul", "cosine", List.of(), PREFIX + "unit", PREFIX + "prototypes_t");
        node(g, "Add", "shifted", List.of(), PREFIX + "cosine", PREFIX + "bias");
        NodeProto.Builder last =
                NodeProto.newBuilder()
                        .setOpType("Mul")
                        .setName(PREFIX + "logits")
                        .addInput(PREFIX + "shifted")
                        .addInput(PREFIX + "scale")
                        .addOutput(LOGITS);
        g.addNode(last);
        g.clearOutput();
        g.addOutput(value(LOGITS, TensorProto.DataType.FLOAT, "batch_size", labels));
        g.setName(encoder.getGraph().getName() + "+prototype-head");
        return encoder.toBuilder()
                .setGraph(g)
                .setProducerName("flinfer-models PrototypeClassifierGenerator")
                .build();
    }

    private static void dropTokenTypeIds(GraphProto.Builder g) {
        int index = -1;
        for (int i = 0; i < g.getInputCount(); i++) {
            if (g.getInput(i).getName().equals("token_type_ids")) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("the encoder has no token_type_ids input to drop");
        }
        g.removeInput(index);
        TensorProto zero =
                TensorProto.newBuilder()
                        .setDataType(TensorProto.DataType.INT64_VALUE)
                        .addDims(1)
                        .addInt64Data(0)
                        .build();
        // Nodes stay in topological order: the zeros come first.
        g.addNode(
                0,
                NodeProto.newBuilder()
                        .setOpType("Shape")
                        .setName(PREFIX + "ids_shape")
                        .addInput("input_ids")
                        .addOutput(PREFIX + "ids_shape"));
        g.addNode(
                1,
                NodeProto.newBuilder()
                        .setOpType("ConstantOfShape")
                        .setName(PREFIX + "zero_type_ids")
                        .addInput(PREFIX + "ids_shape")
                        .addOutput("token_type_ids")
                        .addAttribute(
                                AttributeProto.newBuilder()
                                        .setName("value")
                                        .setType(AttributeProto.AttributeType.TENSOR)
                                        .setT(zero)));
    }

    private static long defaultOpset(ModelProto model) {
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx")) {
                return opset.getVersion();
            }
        }
        throw new IllegalArgumentException("the encoder graph imports no default opset");
    }

    private static void node(
            GraphProto.Builder g,
            String op,
            String output,
            List<AttributeProto> attributes,
            String... inputs) {
        NodeProto.Builder node =
                NodeProto.newBuilder()
                        .setOpType(op)
                        .setName(PREFIX + output)
                        .addOutput(PREFIX + output)
                        .addAllAttribute(attributes);
        for (String input : inputs) {
            node.addInput(input);
        }
        g.addNode(node);
    }

    private static TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder t =
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .setRawData(ByteString.copyFrom(bytes.array()));
        for (long dim : dims) {
            t.addDims(dim);
        }
        return t.build();
    }
}
