package dev.flinfer.models.vit;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.models.BundleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a model bundle in Hugging Face export layout: {@code model.onnx}, {@code config.json} (ViT
 * fields, {@code id2label}, {@code label2id}, {@code problem_type}) and {@code
 * preprocessor_config.json} (ViTImageProcessor: resize to the image size, bilinear, rescale by
 * 1/255, normalise with mean and std 0.5). The model is streamed to the file, never copied into one
 * byte array.
 *
 * <pre>{@code
 * VitConfig config = VitConfig.small(3);
 * ModelProto model = VitGraph.build(config, VitWeights.generate(config));
 * VitBundleWriter.write(Path.of("/tmp/vit-small"), config, model, false);
 * }</pre>
 */
public final class VitBundleWriter {
    public static final String MODEL_FILE = "model.onnx";
    public static final String CONFIG_FILE = "config.json";
    public static final String PREPROCESSOR_FILE = "preprocessor_config.json";

    private VitBundleWriter() {}

    /**
     * Writes the three files into {@code dir}, created if missing; files already there are
     * replaced. {@code multiLabel} sets {@code problem_type} to multi-label (sigmoid per label)
     * instead of single-label (softmax).
     */
    public static void write(Path dir, VitConfig c, ModelProto model, boolean multiLabel)
            throws IOException {
        Files.createDirectories(dir);
        BundleFiles.writeModel(dir.resolve(MODEL_FILE), model);
        BundleFiles.writeJson(dir.resolve(CONFIG_FILE), config(c, multiLabel));
        BundleFiles.writeJson(dir.resolve(PREPROCESSOR_FILE), preprocessor(c));
    }

    private static ObjectNode config(VitConfig c, boolean multiLabel) {
        ObjectNode config = BundleFiles.object();
        config.put("model_type", "vit");
        config.putArray("architectures").add("ViTForImageClassification");
        config.put("image_size", c.imageSize());
        config.put("patch_size", c.patchSize());
        config.put("num_channels", c.channels());
        config.put("hidden_size", c.hidden());
        config.put("num_hidden_layers", c.layers());
        config.put("num_attention_heads", c.heads());
        config.put("intermediate_size", c.mlpDim());
        config.put("hidden_act", "gelu");
        config.put("layer_norm_eps", VitGraph.LAYER_NORM_EPSILON);
        config.put(
                "problem_type",
                multiLabel ? "multi_label_classification" : "single_label_classification");
        ObjectNode id2label = config.putObject("id2label");
        ObjectNode label2id = config.putObject("label2id");
        for (int i = 0; i < c.numLabels(); i++) {
            id2label.put(Integer.toString(i), c.labels().get(i));
            label2id.put(c.labels().get(i), i);
        }
        config.put("flinfer_generated", "seeded weights (seed " + c.seed() + "), not trained");
        return config;
    }

    private static ObjectNode preprocessor(VitConfig c) {
        ObjectNode node = BundleFiles.object();
        node.put("image_processor_type", "ViTImageProcessor");
        node.put("do_resize", true);
        node.putObject("size").put("height", c.imageSize()).put("width", c.imageSize());
        node.put("resample", 2);
        node.put("do_rescale", true);
        node.put("rescale_factor", 1 / 255.0);
        node.put("do_normalize", true);
        ArrayNode mean = node.putArray("image_mean");
        ArrayNode std = node.putArray("image_std");
        for (int i = 0; i < c.channels(); i++) {
            mean.add(0.5);
            std.add(0.5);
        }
        return node;
    }
}
