package dev.flinfer.models.zeroshot;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.models.BundleStamp;
import dev.flinfer.models.CliArgs;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Composes a zero-shot text classifier by prototypes: the real all-MiniLM-L6-v2 encoder, plus a
 * head (masked mean pooling, L2 normalisation, a linear layer whose rows are the normalised mean
 * embeddings of each label's descriptions, a bias and a scale) in one ONNX graph, written as a
 * Hugging Face sequence-classification bundle: {@code model.onnx} (output {@code logits}), {@code
 * config.json} ({@code id2label}, {@code label2id}, {@code problem_type}) and {@code
 * tokenizer.json}. Nothing is trained: a label's score says how close a text is to its
 * descriptions.
 *
 * <pre>{@code
 * java -cp flinfer-jobs.jar dev.flinfer.models.zeroshot.PrototypeClassifierGenerator \
 *     --encoder /bundles/all-minilm-l6-v2 --labels labels.json --out /bundles/my-classifier
 * }</pre>
 */
public final class PrototypeClassifierGenerator {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String USAGE =
            "Usage: PrototypeClassifierGenerator --encoder DIR --labels FILE --out DIR\n"
                    + "         [--without-token-type-ids] [--skip-if-up-to-date]\n"
                    + "DIR of --encoder holds model.onnx (output last_hidden_state) and"
                    + " tokenizer.json.";

    private PrototypeClassifierGenerator() {}

    public static void main(String[] args) throws Exception {
        Path encoder = null;
        Path labels = null;
        Path out = null;
        boolean withoutTypes = false;
        boolean skipIfUpToDate = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--encoder" -> encoder = Path.of(CliArgs.value(args, ++i));
                case "--labels" -> labels = Path.of(CliArgs.value(args, ++i));
                case "--out" -> out = Path.of(CliArgs.value(args, ++i));
                case "--without-token-type-ids" -> withoutTypes = true;
                case "--skip-if-up-to-date" -> skipIfUpToDate = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default ->
                        throw new IllegalArgumentException(
                                "Unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (encoder == null || labels == null || out == null) {
            throw new IllegalArgumentException(
                    "--encoder, --labels and --out are required\n" + USAGE);
        }
        if (skipIfUpToDate && upToDate(encoder, labels, out)) {
            System.out.println("Up to date: " + out);
            return;
        }
        long start = System.nanoTime();
        generate(encoder, labels, out, withoutTypes);
        System.out.printf("Wrote %s in %d ms%n", out, (System.nanoTime() - start) / 1_000_000);
    }

    /** Writes the bundle for {@code labelFile} into {@code out} (created if missing). */
    public static void generate(Path encoderDir, Path labelFile, Path out, boolean withoutTypes)
            throws Exception {
        LabelSet set = LabelSet.read(labelFile);
        Path modelFile = encoderDir.resolve("model.onnx");
        Path tokenizerFile = encoderDir.resolve("tokenizer.json");
        List<String> names = set.names();
        float[][] prototypes = new float[names.size()][];
        try (DescriptionEncoder encoder = new DescriptionEncoder(modelFile, tokenizerFile)) {
            for (int l = 0; l < names.size(); l++) {
                prototypes[l] = encoder.prototype(set.labels().get(names.get(l)));
            }
        }
        float[] bias = new float[names.size()];
        java.util.Arrays.fill(bias, -set.thresholdCosine());
        ModelProto encoderGraph;
        try (InputStream in = Files.newInputStream(modelFile)) {
            encoderGraph = ModelProto.parseFrom(in);
        }
        ModelProto model =
                PrototypeHead.compose(encoderGraph, prototypes, bias, set.scale(), withoutTypes);
        Files.createDirectories(out);
        try (OutputStream stream =
                new BufferedOutputStream(
                        Files.newOutputStream(out.resolve("model.onnx")), 1 << 20)) {
            model.writeTo(stream);
        }
        Files.copy(
                tokenizerFile, out.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        JSON.writeValue(
                out.resolve("config.json").toFile(),
                config(set, out.getFileName().toString(), labelFile, withoutTypes));
    }

    private static ObjectNode config(
            LabelSet set, String name, Path labelFile, boolean withoutTypes) {
        ObjectNode config = JSON.createObjectNode();
        config.put("_name_or_path", name);
        config.put("model_type", "bert");
        config.putArray("architectures").add("MiniLMZeroShotPrototypeClassifier");
        config.put("problem_type", set.multiLabel() ? LabelSet.MULTI_LABEL : LabelSet.SINGLE_LABEL);
        ObjectNode id2label = config.putObject("id2label");
        ObjectNode label2id = config.putObject("label2id");
        List<String> names = set.names();
        for (int i = 0; i < names.size(); i++) {
            id2label.put(String.valueOf(i), names.get(i));
            label2id.put(names.get(i), i);
        }
        config.put("hidden_size", 384);
        config.put("pad_token_id", 0);
        ObjectNode how = config.putObject("flinfer_zero_shot");
        how.put("method", "prototypes");
        how.put("encoder", "sentence-transformers/all-MiniLM-L6-v2 (Xenova ONNX export)");
        how.put(
                "logits",
                "(cosine(mean-pooled unit embedding, label prototype) - threshold_cosine) * scale");
        how.put("scale", set.scale());
        how.put("threshold_cosine", set.thresholdCosine());
        how.put("labels_file", labelFile.getFileName().toString());
        ObjectNode descriptions = how.putObject("descriptions");
        for (Map.Entry<String, List<String>> e : set.labels().entrySet()) {
            e.getValue().forEach(descriptions.putArray(e.getKey())::add);
        }
        return config;
    }

    private static boolean upToDate(Path encoder, Path labels, Path out) throws IOException {
        long built = BundleStamp.builtAt(out);
        return built >= 0
                && built >= Files.getLastModifiedTime(labels).toMillis()
                && built >= Files.getLastModifiedTime(encoder.resolve("model.onnx")).toMillis();
    }
}
