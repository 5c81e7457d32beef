package dev.flinfer.models.gpt;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.models.BundleFiles;
import dev.flinfer.models.decoder.DecoderBundle;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a decoder bundle in Hugging Face export layout: {@code model.onnx}, {@code config.json}
 * (GPT-2's field names), {@code generation_config.json} and {@code tokenizer.json}, by {@link
 * DecoderBundle}.
 *
 * <pre>{@code
 * GptBundleWriter.write(Path.of("/tmp/gpt"), config, model, Path.of("minilm/tokenizer.json"));
 * }</pre>
 */
public final class GptBundleWriter {
    public static final String MODEL_FILE = DecoderBundle.MODEL_FILE;
    public static final String CONFIG_FILE = DecoderBundle.CONFIG_FILE;
    public static final String GENERATION_CONFIG_FILE = DecoderBundle.GENERATION_CONFIG_FILE;
    public static final String TOKENIZER_FILE = DecoderBundle.TOKENIZER_FILE;

    private GptBundleWriter() {}

    /** Writes the four files into {@code dir}, created if missing; files there are replaced. */
    public static void write(Path dir, GptConfig c, ModelProto model, Path tokenizerJson)
            throws IOException {
        DecoderBundle.write(dir, c.dims(), model, config(c), tokenizerJson);
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
        DecoderBundle.putSpecialTokens(config, c.dims());
        ObjectNode generated = config.putObject("flinfer_generated");
        generated.put("seed", c.seed());
        generated.put(
                "description",
                "GPT-2-style decoder with seeded weights, not trained; "
                        + GptLengthPrior.describe());
        return config;
    }
}
