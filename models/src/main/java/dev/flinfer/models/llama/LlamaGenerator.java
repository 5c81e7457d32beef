package dev.flinfer.models.llama;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.models.BundleFiles;
import dev.flinfer.models.decoder.DecoderBundle;
import dev.flinfer.models.decoder.DecoderCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Generates a Llama-style decoder (RoPE, RMSNorm, grouped-query attention, SwiGLU) with seeded
 * weights over the MiniLM tokenizer's vocabulary, as a Hugging Face bundle in Optimum's export
 * names (see {@link LlamaGraph}, {@link DecoderBundle}, a {@code config.json} in Llama's names),
 * for tests and benchmarks of generation: the weights are not trained (greedy generation ends by a
 * {@link LlamaLengthPrior}). Run by the models build; skipped when the bundle is newer than the
 * tokenizer and this generator.
 *
 * <pre>{@code
 * LlamaGenerator.generate(LlamaConfig.tinyMiniLm(), Path.of("minilm/tokenizer.json"), Path.of("/tmp/llama"));
 * }</pre>
 *
 * <p>Command line: {@code --tokenizer PATH --out DIR [--seed S] [--skip-if-up-to-date]}.
 */
public final class LlamaGenerator {
    static final String USAGE = DecoderCommand.usage("LlamaGenerator");

    private LlamaGenerator() {}

    /**
     * Writes the bundle for {@code config} into {@code outDir}; the same config, the same bytes.
     */
    public static void generate(LlamaConfig config, Path minilmTokenizerJson, Path outDir)
            throws IOException {
        LlamaWeights weights = LlamaWeights.generate(config);
        DecoderBundle.write(
                outDir,
                config.dims(),
                LlamaGraph.build(config, weights),
                config(config),
                minilmTokenizerJson);
    }

    /**
     * The {@code config.json} in Llama's field names ({@code LlamaForCausalLM}, {@code
     * num_key_value_heads}, {@code rope_theta}, {@code rms_norm_eps}, untied embeddings).
     */
    static ObjectNode config(LlamaConfig c) {
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

    public static void main(String[] args) {
        DecoderCommand.exitOnFailure(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit code (0 done or up to date, 1 failed, 2 usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return DecoderCommand.run(
                args,
                out,
                err,
                USAGE,
                LlamaConfig.DEFAULT_SEED,
                LlamaGenerator.class,
                (seed, tokenizer, dir) -> {
                    LlamaConfig config = LlamaConfig.tinyMiniLm().withSeed(seed);
                    generate(config, tokenizer, dir);
                    return String.format(
                            "Llama %d wide, %d layers, %d query and %d key/value heads, seed %d,"
                                    + " %.1f M parameters",
                            config.hiddenSize(),
                            config.layers(),
                            config.heads(),
                            config.kvHeads(),
                            config.seed(),
                            LlamaWeights.parameterCount(config) / 1e6);
                });
    }
}
