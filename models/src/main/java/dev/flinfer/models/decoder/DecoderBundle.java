package dev.flinfer.models.decoder;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.models.BundleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a decoder-only bundle in Hugging Face export layout: {@code model.onnx}, the given {@code
 * config.json}, {@code generation_config.json} (bos, eos, pad, max_length) and {@code
 * tokenizer.json}, the given tokenizer with its post-processor, padding and truncation removed (a
 * decoder-only model's prompt gets no [CLS]/[SEP], and the runtime decides lengths). The
 * tokenizer's vocabulary must have {@code vocabSize} tokens.
 *
 * <pre>{@code
 * DecoderBundle.write(dir, config.dims(), model, configJson, Path.of("minilm/tokenizer.json"));
 * }</pre>
 */
public final class DecoderBundle {
    public static final String MODEL_FILE = "model.onnx";
    public static final String CONFIG_FILE = "config.json";
    public static final String GENERATION_CONFIG_FILE = "generation_config.json";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private DecoderBundle() {}

    /** Writes the four files into {@code dir}, created if missing; files there are replaced. */
    public static void write(
            Path dir, DecoderDims d, ModelProto model, ObjectNode config, Path tokenizerJson)
            throws IOException {
        ObjectNode tokenizer = decoderTokenizer(tokenizerJson, d);
        Files.createDirectories(dir);
        BundleFiles.writeModel(dir.resolve(MODEL_FILE), model);
        BundleFiles.writeCompactJson(dir.resolve(TOKENIZER_FILE), tokenizer);
        BundleFiles.writeJson(dir.resolve(GENERATION_CONFIG_FILE), generationConfig(d));
        BundleFiles.writeJson(dir.resolve(CONFIG_FILE), config);
    }

    /** The tokenizer with no post-processor, padding or truncation; its size checked. */
    public static ObjectNode decoderTokenizer(Path tokenizerJson, DecoderDims d)
            throws IOException {
        ObjectNode tokenizer = BundleFiles.tokenizer(tokenizerJson, null);
        JsonNode vocab = tokenizer.path("model").path("vocab");
        if (vocab.size() != d.vocabSize()) {
            throw new IllegalArgumentException(
                    tokenizerJson
                            + " has "
                            + vocab.size()
                            + " tokens but the config's vocabSize is "
                            + d.vocabSize());
        }
        return tokenizer;
    }

    /** Puts bos, eos and pad into a config.json. */
    public static void putSpecialTokens(ObjectNode config, DecoderDims d) {
        config.put("bos_token_id", d.bosTokenId());
        config.put("eos_token_id", d.eosTokenId());
        config.put("pad_token_id", d.padTokenId());
    }

    private static ObjectNode generationConfig(DecoderDims d) {
        ObjectNode node = BundleFiles.object();
        putSpecialTokens(node, d);
        node.put("max_length", d.positions());
        return node;
    }
}
