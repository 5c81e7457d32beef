package dev.flinfer.models.tfjs;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a converted nsfwjs model as a Hugging Face image-classification bundle: {@code model.onnx}
 * (input {@code pixel_values} [N,3,224,224], output {@code probabilities}: the model ends in a
 * softmax), {@code config.json} ({@code id2label} in nsfwjs's class order), {@code
 * preprocessor_config.json} (nsfwjs's preprocessing: resize to 224 x 224, RGB / 255, no mean or
 * standard deviation) and nsfwjs's MIT licence.
 */
final class NsfwBundleFiles {
    static final String OUTPUT = "probabilities";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NsfwBundleFiles() {}

    static void write(
            Path out,
            ModelProto onnx,
            String[] classes,
            String spec,
            String integrity,
            String model,
            byte[] license)
            throws IOException {
        Files.createDirectories(out);
        JSON.writeValue(out.resolve("preprocessor_config.json").toFile(), preprocessor(onnx));
        if (license != null) {
            Files.write(out.resolve("LICENSE-nsfwjs"), license);
        }
        try (OutputStream stream =
                new BufferedOutputStream(
                        Files.newOutputStream(out.resolve("model.onnx")), 1 << 20)) {
            onnx.writeTo(stream);
        }
        JSON.writeValue(
                out.resolve("config.json").toFile(), config(classes, spec, integrity, model));
    }

    private static ObjectNode config(
            String[] classes, String spec, String integrity, String model) {
        ObjectNode config = JSON.createObjectNode();
        config.put(
                "_name_or_path",
                "nsfwjs "
                        + model
                        + " ("
                        + spec
                        + ", TensorFlow.js layers model converted to ONNX)");
        config.put("model_type", "mobilenet_v2");
        config.putArray("architectures").add("NsfwjsMobileNetV2Classifier");
        config.put("num_labels", classes.length);
        ObjectNode id2label = config.putObject("id2label");
        ObjectNode label2id = config.putObject("label2id");
        for (int i = 0; i < classes.length; i++) {
            id2label.put(String.valueOf(i), classes[i]);
            label2id.put(classes[i], i);
        }
        config.put("problem_type", "single_label_classification");
        config.put("flinfer_outputs_are_probabilities", true);
        ObjectNode source = config.putObject("flinfer_source");
        source.put("npm_package", spec);
        source.put("integrity", integrity);
        source.put("model", "dist/models/" + model);
        source.put("license", "MIT (nsfwjs, Infinite Red): see LICENSE-nsfwjs");
        source.put(
                "weights",
                "uint8-quantised in the package, de-quantised to float32 (q * scale + min)");
        return config;
    }

    private static ObjectNode preprocessor(ModelProto onnx) {
        var dims = onnx.getGraph().getInput(0).getType().getTensorType().getShape();
        long height = dims.getDim(2).getDimValue();
        long width = dims.getDim(3).getDimValue();
        ObjectNode p = JSON.createObjectNode();
        p.put("image_processor_type", "NsfwjsImageProcessor");
        p.put("do_resize", true);
        ObjectNode size = p.putObject("size");
        size.put("height", height);
        size.put("width", width);
        p.put("resample", 2);
        p.put("do_rescale", true);
        p.put("rescale_factor", 1 / 255.0);
        p.put("do_normalize", true);
        p.putArray("image_mean").add(0.0).add(0.0).add(0.0);
        p.putArray("image_std").add(1.0).add(1.0).add(1.0);
        p.put("flinfer_channel_order", "rgb");
        return p;
    }
}
