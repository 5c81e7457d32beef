package dev.flinfer.models.vit;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A small helper over the ONNX protobuf classes: nodes whose outputs get generated names, and
 * initializers. Node and output names follow the order of the calls, so the same calls give the
 * same bytes. Shared by the generators and converters of this module.
 */
public final class OnnxGraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> initializers = new HashSet<>();
    private final String prefix;
    private int counter;

    public OnnxGraphBuilder(String name) {
        this(name, "");
    }

    /**
     * A builder whose generated names start with {@code prefix}, so that sibling subgraphs (the
     * branches of an If) and their outer graph never share a name.
     */
    public OnnxGraphBuilder(String name, String prefix) {
        graph.setName(name);
        this.prefix = prefix;
    }

    /** Adds an op with one output and returns the output's name. */
    public String op(String opType, String... inputs) {
        return op(opType, new AttributeProto[0], inputs);
    }

    public String op(String opType, AttributeProto[] attributes, String... inputs) {
        String output = prefix + opType.toLowerCase() + "_" + counter++;
        addNode(opType, attributes, output, new String[] {output}, inputs);
        return output;
    }

    private void addNode(
            String opType,
            AttributeProto[] attributes,
            String name,
            String[] outputs,
            String[] inputs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(name);
        for (String output : outputs) {
            node.addOutput(output);
        }
        for (String input : inputs) {
            node.addInput(input);
        }
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
    }

    /** Whether an initializer of that name was added (so that shared constants are added once). */
    public boolean hasInitializer(String name) {
        return initializers.contains(name);
    }

    /**
     * Adds an op with {@code outputs} outputs (Split, for one) and returns their generated names in
     * order; {@link #nameLastOutputs} names them instead (the outputs of an If, say).
     */
    public String[] ops(String opType, int outputs, AttributeProto[] attributes, String... inputs) {
        String name = prefix + opType.toLowerCase() + "_" + counter++;
        String[] names = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            names[i] = name + "_" + i;
        }
        addNode(opType, attributes, name, names, inputs);
        return names;
    }

    /** Renames the output of the last node; returns the new name. */
    public String nameLastOutput(String name) {
        return nameLastOutputs(name)[0];
    }

    /** Renames the first outputs of the last node, in order; returns the new names. */
    public String[] nameLastOutputs(String... names) {
        int last = graph.getNodeCount() - 1;
        NodeProto.Builder node = graph.getNode(last).toBuilder();
        for (int i = 0; i < names.length; i++) {
            node.setOutput(i, names[i]);
        }
        graph.setNode(last, node.build());
        return names;
    }

    /**
     * Adds a float initializer as little-endian raw data. The bytes are wrapped, not copied again:
     * nothing else holds the array.
     */
    public String floats(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        addInitializer(
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(TensorProto.DataType.FLOAT.getNumber())
                        .addAllDims(Arrays.stream(dims).boxed().toList())
                        .setRawData(UnsafeByteOperations.unsafeWrap(bytes.array())));
        return name;
    }

    public String longs(String name, long... values) {
        TensorProto.Builder tensor =
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(TensorProto.DataType.INT64.getNumber())
                        .addDims(values.length);
        for (long value : values) {
            tensor.addInt64Data(value);
        }
        addInitializer(tensor);
        return name;
    }

    /** A scalar int64 (rank 0). */
    public String scalarLong(String name, long value) {
        addInitializer(
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(TensorProto.DataType.INT64.getNumber())
                        .addInt64Data(value));
        return name;
    }

    public String scalarFloat(String name, float value) {
        addInitializer(
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(TensorProto.DataType.FLOAT.getNumber())
                        .addFloatData(value));
        return name;
    }

    private void addInitializer(TensorProto.Builder tensor) {
        if (!initializers.add(tensor.getName())) {
            throw new IllegalArgumentException("Initializer " + tensor.getName() + " added twice");
        }
        graph.addInitializer(tensor);
    }

    /**
     * A tensor input or output of {@code type}; each dim is a {@link Number} (a fixed size) or a
     * {@link String} (a symbolic dimension).
     */
    public static ValueInfoProto value(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            shape.addDim(
                    dim instanceof Number n
                            ? TensorShapeProto.Dimension.newBuilder().setDimValue(n.longValue())
                            : TensorShapeProto.Dimension.newBuilder().setDimParam((String) dim));
        }
        return tensorValue(name, TypeProto.Tensor.newBuilder().setShape(shape), type);
    }

    /** A tensor value of {@code type} with no shape given (a subgraph output, say). */
    public static ValueInfoProto unshapedValue(String name, TensorProto.DataType type) {
        return tensorValue(name, TypeProto.Tensor.newBuilder(), type);
    }

    private static ValueInfoProto tensorValue(
            String name, TypeProto.Tensor.Builder tensor, TensorProto.DataType type) {
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor.setElemType(type.getNumber())))
                .build();
    }

    /** A GRAPH attribute, such as an If's {@code then_branch}. */
    public static AttributeProto graphAttr(String name, GraphProto value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.GRAPH)
                .setG(value)
                .build();
    }

    /** A float tensor input or output with the given dims; a null dim is the symbolic "batch". */
    public static ValueInfoProto floatValue(String name, Long... dims) {
        Object[] named = new Object[dims.length];
        for (int i = 0; i < dims.length; i++) {
            named[i] = dims[i] == null ? "batch" : dims[i];
        }
        return value(name, TensorProto.DataType.FLOAT, named);
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute =
                AttributeProto.newBuilder()
                        .setName(name)
                        .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    public static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    public static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    public GraphProto.Builder graph() {
        return graph;
    }
}
