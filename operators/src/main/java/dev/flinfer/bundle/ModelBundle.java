package dev.flinfer.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A model in Hugging Face export layout: a directory with {@code model.onnx}, {@code config.json}
 * and the files its task needs ({@code tokenizer.json} for text, {@code preprocessor_config.json}
 * for images).
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.open(Path.of("/models/all-minilm-l6-v2"));
 * bundle.requireFile(ModelBundle.TOKENIZER);
 * }</pre>
 *
 * <p>Opening checks that the directory and the model file exist and that {@code config.json} is a
 * JSON object; every problem names the file. The version is the start of the SHA-256 of {@code
 * model.onnx}, so that an output record says exactly which weights produced it; a bundle laid out
 * as a numbered version of a repository ({@code NAME/3/}, as Triton and TF Serving lay them out) is
 * named {@code NAME} and its version is {@code 3} ({@link ModelVersions}).
 */
@PublicEvolving
public final class ModelBundle implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String MODEL = "model.onnx";
    public static final String CONFIG = "config.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String PREPROCESSOR = "preprocessor_config.json";
    public static final String SENTENCE_BERT_CONFIG = "sentence_bert_config.json";
    public static final String GENERATION_CONFIG = "generation_config.json";

    /**
     * The graphs of a generation bundle in Optimum's layout (a decoder-only export may also be a
     * plain {@link #MODEL}); a bundle holding any of them needs no {@code model.onnx}.
     */
    public static final List<String> GENERATION_GRAPHS =
            List.of(
                    "encoder_model.onnx",
                    "decoder_model_merged.onnx",
                    "decoder_model.onnx",
                    "decoder_with_past_model.onnx");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String directory;
    private final String version;

    private ModelBundle(String name, Path directory, String version) {
        this.name = name;
        this.directory = directory.toAbsolutePath().toString();
        this.version = version;
    }

    /**
     * Opens the bundle in {@code directory}; its name is the directory's name, or for a numbered
     * version {@code NAME/3/} its parent's name.
     */
    public static ModelBundle open(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        String last = absolute.getFileName() == null ? "" : absolute.getFileName().toString();
        if (ModelVersions.isVersion(last) && parent != null && parent.getFileName() != null) {
            return open(parent.getFileName().toString(), absolute, last);
        }
        return open(last, absolute);
    }

    /** Opens the bundle in {@code directory} under the given name, its version the graphs' hash. */
    public static ModelBundle open(String name, Path directory) {
        return open(name, directory, null);
    }

    /**
     * Opens the bundle in {@code directory} under the given name and version (null: the start of
     * the SHA-256 of its graphs).
     */
    public static ModelBundle open(String name, Path directory, String version) {
        if (!Files.isDirectory(directory)) {
            throw ModelLoadException.at(
                    directory,
                    "not a directory (expected a model bundle with model.onnx and config.json)");
        }
        List<Path> graphs = new ArrayList<>();
        for (String file : GENERATION_GRAPHS) {
            if (Files.exists(directory.resolve(file))) {
                graphs.add(directory.resolve(file));
            }
        }
        Path model = directory.resolve(MODEL);
        if (graphs.isEmpty() || Files.exists(model)) {
            requireReadable(model);
            graphs.add(0, model);
        }
        graphs.forEach(ModelBundle::requireReadable);
        ModelBundle bundle =
                new ModelBundle(
                        name,
                        directory,
                        version != null ? version : "sha256:" + sha256Prefix(graphs));
        bundle.config(); // parse once now, so a broken config.json fails at start
        return bundle;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public Path directory() {
        return Path.of(directory);
    }

    public Path modelPath() {
        return directory().resolve(MODEL);
    }

    /** Whether the bundle holds {@code fileName}. */
    public boolean hasFile(String fileName) {
        return Files.isRegularFile(directory().resolve(fileName));
    }

    /** The path of {@code fileName}, which must exist, be readable and not be empty. */
    public Path requireFile(String fileName) {
        Path path = directory().resolve(fileName);
        requireReadable(path);
        return path;
    }

    /** {@code config.json} as a JSON object. */
    public JsonNode config() {
        return readJsonObject(CONFIG);
    }

    /**
     * {@code fileName} parsed as a JSON object; fails naming the file when it is missing or not an
     * object.
     */
    public JsonNode readJsonObject(String fileName) {
        Path path = requireFile(fileName);
        JsonNode node;
        try {
            node = JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw ModelLoadException.at(
                    path,
                    "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")",
                    e);
        }
        if (node == null || node.getNodeType() != JsonNodeType.OBJECT) {
            throw ModelLoadException.at(path, "expected a JSON object");
        }
        return node;
    }

    @Override
    public String toString() {
        return name + " (" + version + ", " + directory + ")";
    }

    private static void requireReadable(Path path) {
        if (!Files.exists(path)) {
            throw ModelLoadException.at(path, "missing");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw ModelLoadException.at(path, "not a readable file");
        }
        try {
            if (Files.size(path) == 0) {
                throw ModelLoadException.at(path, "empty file");
            }
        } catch (IOException e) {
            throw ModelLoadException.at(path, "cannot read its size: " + e.getMessage(), e);
        }
    }

    /** The start of the SHA-256 of the graphs' bytes, one after the other. */
    private static String sha256Prefix(List<Path> files) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        for (Path file : files) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                while (in.read(buffer) >= 0) {
                    // digesting
                }
            } catch (IOException e) {
                throw ModelLoadException.at(file, "cannot be read: " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 6);
    }
}
