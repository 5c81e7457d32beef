package dev.flinfer.models.llama;

import dev.flinfer.models.decoder.DecoderCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Generates a Llama-style decoder (RoPE, RMSNorm, grouped-query attention, SwiGLU) with seeded
 * weights over the MiniLM tokenizer's vocabulary, as a Hugging Face bundle in Optimum's export
 * names (see {@link LlamaGraph}, {@link LlamaBundleWriter}), for tests and benchmarks of
 * generation: the weights are not trained (greedy generation ends by a {@link LlamaLengthPrior}).
 * Run by the models build; skipped when the bundle is newer than the tokenizer and this generator.
 *
 * <pre>{@code
 * LlamaGenerator.generate(LlamaConfig.tinyMiniLm(), Path.of("minilm/tokenizer.json"), Path.of("/tmp/llama"));
 * }</pre>
 *
 * <p>Command line: {@code --tokenizer PATH --out DIR [--seed S] [--skip-if-up-to-date]}.
 */
public final class LlamaGenerator {
    static final String USAGE =
            "Usage: LlamaGenerator --tokenizer PATH --out DIR [--seed S] [--skip-if-up-to-date]\n"
                    + "PATH is the MiniLM tokenizer.json; writes model.onnx, config.json,"
                    + " generation_config.json and tokenizer.json into DIR.";

    private LlamaGenerator() {}

    /**
     * Writes the bundle for {@code config} into {@code outDir}; the same config, the same bytes.
     */
    public static void generate(LlamaConfig config, Path minilmTokenizerJson, Path outDir)
            throws IOException {
        LlamaWeights weights = LlamaWeights.generate(config);
        LlamaBundleWriter.write(
                outDir, config, LlamaGraph.build(config, weights), minilmTokenizerJson);
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
