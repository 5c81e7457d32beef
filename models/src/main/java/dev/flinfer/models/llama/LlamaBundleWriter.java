package dev.flinfer.models.llama;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.models.BundleFiles;
import dev.flinfer.models.decoder.DecoderBundle;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a Llama decoder bundle in Hugging Face export layout by {@link DecoderBundle}, with a
 * {@code config.json} in Llama's field names ({@code LlamaForCausalLM}, {@code
 * num_key_value_heads}, {@code rope_theta}, {@code rms_norm_eps}, untied embeddings).
 *
 * <pre>{@code
 * LlamaBundleWriter.write(Path.of("/tmp/llama"), config, model, Path.of("minilm/tokenizer.json"));
 * }</pre>
 */
public final class LlamaBundleWriter {
    private LlamaBundleWriter() {}

    /** Writes the four files into {@code dir}, created if missing; files there are replaced. */
    public static void write(Path dir, LlamaConfig c, ModelProto model, Path tokenizerJson)
            throws IOException {
        DecoderBundle.write(dir, c.dims(), model, config(c), tokenizerJson);
    }

    private static ObjectNode config(LlamaConfig c) {
        ObjectNode config = BundleFiles.object();
        config.put("model_type", "llama");
        config.putArray("architectures").add("LlamaForCausalLM");
        config.put("vocab_size", c.vocabSize());
        config.put("hidden_size", c.hiddenSize());
        config.put("intermediate_size", c.intermediateSize());
        config.put("num_hidden_layers", c.layers());
        config.put("num_attention_heads", c.heads());
        config.put("num_key_value_heads", c.kvHeads());
        config.put("head_dim", c.headDim());
        config.put("max_position_embeddings", c.maxPositions());
        config.put("hidden_act", "silu");
        config.put("rms_norm_eps", LlamaConfig.RMS_NORM_EPS);
        config.put("rope_theta", LlamaConfig.ROPE_THETA);
        config.put("attention_bias", false);
        config.put("mlp_bias", false);
        config.put("tie_word_embeddings", false);
        config.put("use_cache", true);
        DecoderBundle.putSpecialTokens(config, c.dims());
        ObjectNode generated = config.putObject("flinfer_generated");
        generated.put("seed", c.seed());
        generated.put(
                "description",
                "Llama-style decoder with seeded weights, not trained; "
                        + LlamaLengthPrior.describe());
        return config;
    }
}
