package dev.flinfer.models.gpt;

import dev.flinfer.models.decoder.DecoderCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Generates a GPT-2-style decoder with seeded weights over the MiniLM tokenizer's vocabulary, as a
 * Hugging Face bundle in Optimum's export names (see {@link GptGraph}, {@link GptBundleWriter}). No
 * small pretrained decoder is published where this project can fetch one, so tests and benchmarks
 * of generation use this one: the graph is a real GPT-2 with a key/value cache, the weights are not
 * trained (greedy generation ends by a {@link GptLengthPrior}). Run by the models build; skipped
 * when the bundle is newer than the tokenizer and this generator.
 *
 * <pre>{@code
 * GptGenerator.generate(GptConfig.tinyMiniLm(), Path.of("minilm/tokenizer.json"), Path.of("/tmp/gpt"));
 * }</pre>
 *
 * <p>Command line: {@code --tokenizer PATH --out DIR [--seed S] [--skip-if-up-to-date]}.
 */
public final class GptGenerator {
    static final String USAGE = DecoderCommand.usage("GptGenerator");

    private GptGenerator() {}

    /**
     * Writes the bundle for {@code config} into {@code outDir}; the same config, the same bytes.
     */
    public static void generate(GptConfig config, Path minilmTokenizerJson, Path outDir)
            throws IOException {
        GptWeights weights = GptWeights.generate(config);
        GptBundleWriter.write(outDir, config, GptGraph.build(config, weights), minilmTokenizerJson);
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
                GptConfig.DEFAULT_SEED,
                GptGenerator.class,
                (seed, tokenizer, dir) -> {
                    GptConfig config = GptConfig.tinyMiniLm().withSeed(seed);
                    generate(config, tokenizer, dir);
                    return String.format(
                            "GPT-2 %d wide, %d layers, %d heads, seed %d, %.1f M parameters",
                            config.nEmbd(),
                            config.nLayer(),
                            config.nHead(),
                            config.seed(),
                            GptWeights.parameterCount(config) / 1e6);
                });
    }
}
