package dev.flinfer.models.tfjs;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.models.vit.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a TensorFlow.js layers model (Keras topology, one input, one output) to an ONNX graph
 * (opset 14, dynamic batch). An image input {@code [N, H, W, C]} becomes {@code pixel_values}
 * {@code [N, C, H, W]}, the layout of Hugging Face image models: the graph computes in NCHW and
 * transposes back only where Keras's channels-last order shows (Flatten, Reshape).
 *
 * <pre>{@code
 * ModelProto onnx = TfjsConverter.convert(TfjsArtifacts.fromDirectory(dir), "probabilities");
 * }</pre>
 */
public final class TfjsConverter {
    public static final String INPUT = "pixel_values";
    static final int OPSET = 14;
    static final long IR_VERSION = 7;

    private TfjsConverter() {}

    /** The graph of {@code model}; its output is called {@code outputName}. */
    public static ModelProto convert(TfjsArtifacts model, String outputName) {
        JsonNode topology = model.modelJson().path("modelTopology");
        JsonNode modelConfig =
                topology.has("model_config") ? topology.path("model_config") : topology;
        List<KerasLayer> layers = KerasLayer.read(modelConfig);
        TfjsWeights weights = new TfjsWeights(model);
        OnnxGraphBuilder g =
                new OnnxGraphBuilder(modelConfig.path("config").path("name").asText("tfjs"));
        Layers mapper = new Layers(g, weights);
        Map<String, Value> outputs = new HashMap<>();
        Value input = null;
        Value last = null;
        for (KerasLayer layer : layers) {
            if (layer.type().equals("InputLayer")) {
                if (input != null) {
                    throw layer.unsupported("a second input");
                }
                input = input(g, layer);
                last = input;
            } else {
                List<Value> in = new ArrayList<>();
                for (String name : layer.inputs()) {
                    Value v = outputs.get(name);
                    if (v == null) {
                        throw new IllegalArgumentException(
                                "Layer "
                                        + layer.name()
                                        + ": input layer "
                                        + name
                                        + " comes later or is missing");
                    }
                    in.add(v);
                }
                if (in.isEmpty() && input == null && layer.config().has("batch_input_shape")) {
                    input = input(g, layer); // a Sequential model's first layer declares the input
                    in.add(input);
                }
                if (in.isEmpty()) {
                    throw new IllegalArgumentException(
                            "Layer "
                                    + layer.name()
                                    + " has no input (a Sequential model needs an InputLayer or batch_input_shape)");
                }
                last = mapper.apply(layer, in);
            }
            outputs.put(layer.name(), last);
        }
        JsonNode outputLayers = modelConfig.path("config").path("output_layers");
        Value out =
                outputLayers.size() == 0
                        ? last
                        : outputs.get(outputLayers.path(0).path(0).asText());
        if (outputLayers.size() > 1) {
            throw new IllegalArgumentException(
                    "Only models with one output are supported, this one has " + outputLayers);
        }
        g.op("Identity", out.name());
        g.nameLastOutput(outputName);
        g.graph().addOutput(OnnxGraphBuilder.floatValue(outputName, boxed(null, out.shape())));
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("flinfer-tfjs-converter")
                .setGraph(g.graph())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .build();
    }

    private static Value input(OnnxGraphBuilder g, KerasLayer layer) {
        JsonNode shape = layer.config().path("batch_input_shape");
        int[] dims = new int[shape.size() - 1];
        for (int i = 0; i < dims.length; i++) {
            if (!shape.get(i + 1).isInt()) {
                throw layer.unsupported("a batch_input_shape with unknown sizes " + shape);
            }
            dims[i] = shape.get(i + 1).asInt();
        }
        if (dims.length == 3) {
            g.graph()
                    .addInput(
                            OnnxGraphBuilder.floatValue(
                                    INPUT, null, (long) dims[2], (long) dims[0], (long) dims[1]));
        } else if (dims.length == 1) {
            g.graph().addInput(OnnxGraphBuilder.floatValue(INPUT, null, (long) dims[0]));
        } else {
            throw layer.unsupported("an input of shape " + shape);
        }
        return new Value(INPUT, dims);
    }

    private static Long[] boxed(Long first, int[] shape) {
        Long[] dims = new Long[shape.length + 1];
        dims[0] = first;
        if (shape.length == 3) {
            dims[1] = (long) shape[2];
            dims[2] = (long) shape[0];
            dims[3] = (long) shape[1];
        } else {
            for (int i = 0; i < shape.length; i++) {
                dims[i + 1] = (long) shape[i];
            }
        }
        return dims;
    }
}
