package dev.flinfer.models;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files the bundle writers share: ONNX models streamed to a file (never copied into one byte
 * array), JSON written indented or compact, and a {@code tokenizer.json} read and given another
 * post-processor with no padding or truncation.
 *
 * <pre>{@code
 * ObjectNode config = BundleFiles.object();
 * config.put("model_type", "vit");
 * BundleFiles.writeJson(dir.resolve("config.json"), config);
 * }</pre>
 */
public final class BundleFiles {
    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final ObjectMapper INDENTED =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleFiles() {}

    /** An empty JSON object to fill. */
    public static ObjectNode object() {
        return INDENTED.createObjectNode();
    }

    /** Streams {@code model} to {@code file}, replacing it. */
    public static void writeModel(Path file, ModelProto model) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            model.writeTo(out);
        }
    }

    /** Writes {@code json} indented. */
    public static void writeJson(Path file, JsonNode json) throws IOException {
        INDENTED.writeValue(file.toFile(), json);
    }

    /**
     * Writes {@code json} on one line (a tokenizer, whose vocabulary would take a line a token).
     */
    public static void writeCompactJson(Path file, JsonNode json) throws IOException {
        COMPACT.writeValue(file.toFile(), json);
    }

    /**
     * Reads a {@code tokenizer.json} and sets its {@code post_processor} ({@code null} for none),
     * with {@code padding} and {@code truncation} removed: the runtime decides lengths.
     */
    public static ObjectNode tokenizer(Path tokenizerJson, JsonNode postProcessor)
            throws IOException {
        JsonNode read = COMPACT.readTree(tokenizerJson.toFile());
        if (!(read instanceof ObjectNode tokenizer) || !read.path("model").has("vocab")) {
            throw new IOException(tokenizerJson + " is not a tokenizer.json with a model.vocab");
        }
        tokenizer.set("post_processor", postProcessor == null ? NullNode.instance : postProcessor);
        tokenizer.putNull("padding");
        tokenizer.putNull("truncation");
        return tokenizer;
    }
}
