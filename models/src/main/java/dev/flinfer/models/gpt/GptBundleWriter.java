package dev.flinfer.models.gpt;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.models.BundleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a decoder bundle in Hugging Face export layout: {@code model.onnx}, {@code config.json}
 * (GPT-2's field names), {@code generation_config.json} and {@code tokenizer.json}, the given
 * tokenizer with its post-processor, padding and truncation removed (a decoder-only model's prompt
 * gets no [CLS]/[SEP], and the runtime decides lengths). The tokenizer's vocabulary must have
 * {@code vocabSize} tokens, with the config's special ids where the tokenizer has them.
 *
 * <pre>{@code
 * GptBundleWriter.write(Path.of("/tmp/gpt"), config, model, Path.of("minilm/tokenizer.json"));
 * }</pre>
 */
public final class GptBundleWriter {
    public static final String MODEL_FILE = "model.onnx";
    public static final String CONFIG_FILE = "config.json";
    public static final String GENERATION_CONFIG_FILE = "generation_config.json";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private GptBundleWriter() {}

    /** Writes the four files into {@code dir}, created if missing; files there are replaced. */
    public static void write(Path dir, GptConfig c, ModelProto model, Path tokenizerJson)
            throws IOException {
        ObjectNode tokenizer = decoderTokenizer(tokenizerJson, c);
        Files.createDirectories(dir);
        BundleFiles.writeModel(dir.resolve(MODEL_FILE), model);
        BundleFiles.writeCompactJson(dir.resolve(TOKENIZER_FILE), tokenizer);
        BundleFiles.writeJson(dir.resolve(GENERATION_CONFIG_FILE), generationConfig(c));
        BundleFiles.writeJson(dir.resolve(CONFIG_FILE), config(c));
    }

    static ObjectNode decoderTokenizer(Path tokenizerJson, GptConfig c) throws IOException {
        ObjectNode tokenizer = BundleFiles.tokenizer(tokenizerJson, null);
        JsonNode vocab = tokenizer.path("model").path("vocab");
        if (vocab.size() != c.vocabSize()) {
            throw new IllegalArgumentException(
                    tokenizerJson
                            + " has "
                            + vocab.size()
                            + " tokens but the config's vocabSize is "
                            + c.vocabSize());
        }
        return tokenizer;
    }

    private static ObjectNode config(GptConfig c) {
        ObjectNode config = BundleFiles.object();
        config.put("model_type", "gpt2");
        config.putArray("architectures").add("GPT2LMHeadModel");
        config.put("vocab_size", c.vocabSize());
        config.put("n_embd", c.nEmbd());
        config.put("n_layer", c.nLayer());
        config.put("n_head", c.nHead());
        config.put("n_inner", c.nInner());
        config.put("n_positions", c.nPositions());
        config.put("n_ctx", c.nPositions());
        config.put("activation_function", "gelu_new");
        config.put("layer_norm_epsilon", GptGraph.LAYER_NORM_EPSILON);
        config.put("tie_word_embeddings", true);
        config.put("use_cache", true);
        config.put("bos_token_id", c.bosTokenId());
        config.put("eos_token_id", c.eosTokenId());
        config.put("pad_token_id", c.padTokenId());
        ObjectNode generated = config.putObject("flinfer_generated");
        generated.put("seed", c.seed());
        generated.put(
                "description",
                "GPT-2-style decoder with seeded weights, not trained; "
                        + GptLengthPrior.describe());
        return config;
    }

    private static ObjectNode generationConfig(GptConfig c) {
        ObjectNode node = BundleFiles.object();
        node.put("bos_token_id", c.bosTokenId());
        node.put("eos_token_id", c.eosTokenId());
        node.put("pad_token_id", c.padTokenId());
        node.put("max_length", c.nPositions());
        return node;
    }
}
