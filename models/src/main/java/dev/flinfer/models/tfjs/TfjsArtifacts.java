package dev.flinfer.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a TensorFlow.js layers model: the model JSON ({@code modelTopology} and {@code
 * weightsManifest}) and the bytes of each weight shard, by the path the manifest names. Two forms
 * are read: the converter's own ({@code model.json} beside binary shards), and nsfwjs's bundles
 * ({@code model.min.js} exporting the same JSON as a JavaScript object literal, and {@code
 * PATH.min.js} per shard exporting its bytes as a base64 string).
 *
 * <pre>{@code
 * TfjsArtifacts model = TfjsArtifacts.fromDirectory(Path.of("web_model"));
 * }</pre>
 */
public record TfjsArtifacts(JsonNode modelJson, Map<String, byte[]> shards) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a browserified module assigns its export: {@code x.exports=} then a literal. */
    private static final Pattern EXPORT = Pattern.compile("\\.exports\\s*=\\s*[{\"']");

    public TfjsArtifacts {
        if (!modelJson.has("modelTopology") || !modelJson.has("weightsManifest")) {
            throw new IllegalArgumentException(
                    "Not a TensorFlow.js layers model: the model JSON has no modelTopology or no"
                            + " weightsManifest");
        }
    }

    /** A directory holding {@code model.json} and its shards, or nsfwjs's {@code *.min.js}. */
    public static TfjsArtifacts fromDirectory(Path dir) throws IOException {
        Path json = dir.resolve("model.json");
        if (Files.exists(json)) {
            return of(JSON.readTree(json.toFile()), path -> read(dir.resolve(path)));
        }
        Path module = dir.resolve("model.min.js");
        if (!Files.exists(module)) {
            throw new IOException(dir + ": neither model.json nor model.min.js");
        }
        return fromModules(
                Files.readString(module), path -> readString(dir.resolve(path + ".min.js")));
    }

    /**
     * nsfwjs's form: the model module's text, and a function giving the text of the module of a
     * shard path.
     */
    public static TfjsArtifacts fromModules(String modelModule, Function<String, String> shard) {
        return of(
                exported(modelModule, "model.min.js"),
                path -> {
                    JsonNode text = exported(shard.apply(path), path + ".min.js");
                    return Base64.getDecoder().decode(text.asText());
                });
    }

    private static TfjsArtifacts of(JsonNode modelJson, Function<String, byte[]> shard) {
        Map<String, byte[]> shards = new HashMap<>();
        for (JsonNode group : modelJson.path("weightsManifest")) {
            for (JsonNode path : group.path("paths")) {
                shards.put(path.asText(), shard.apply(path.asText()));
            }
        }
        return new TfjsArtifacts(modelJson, shards);
    }

    /** The literal a browserified module exports. */
    static JsonNode exported(String module, String name) {
        Matcher m = EXPORT.matcher(module);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    name + ": no 'exports=' of an object or string literal found");
        }
        return JsLiteral.parse(module, m.end() - 1);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read weight shard " + file + ": " + e, e);
        }
    }

    private static String readString(Path file) {
        return new String(read(file), StandardCharsets.UTF_8);
    }
}
