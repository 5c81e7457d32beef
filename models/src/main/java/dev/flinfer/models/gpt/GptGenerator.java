package dev.flinfer.models.gpt;

import dev.flinfer.models.BundleStamp;
import dev.flinfer.models.CliArgs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
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
    static final String USAGE =
            "Usage: GptGenerator --tokenizer PATH --out DIR [--seed S] [--skip-if-up-to-date]\n"
                    + "PATH is the MiniLM tokenizer.json; writes model.onnx, config.json,"
                    + " generation_config.json and tokenizer.json into DIR.";

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
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line; returns the exit code (0 done or up to date, 1 failed, 2 usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path tokenizer = null;
        Path dir = null;
        long seed = GptConfig.DEFAULT_SEED;
        boolean skipIfUpToDate = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--tokenizer" -> tokenizer = Path.of(CliArgs.value(args, ++i));
                    case "--out" -> dir = Path.of(CliArgs.value(args, ++i));
                    case "--seed" -> seed = seed(CliArgs.value(args, ++i));
                    case "--skip-if-up-to-date" -> skipIfUpToDate = true;
                    case "--help", "-h" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]);
                }
            }
            if (tokenizer == null || dir == null) {
                throw new IllegalArgumentException("--tokenizer and --out are required");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        GptConfig config = GptConfig.tinyMiniLm().withSeed(seed);
        try {
            if (skipIfUpToDate && upToDate(tokenizer, dir)) {
                out.println("Up to date: " + dir);
                return 0;
            }
            long start = System.nanoTime();
            generate(config, tokenizer, dir);
            out.printf(
                    "Wrote %s in %d ms: GPT-2 %d wide, %d layers, %d heads, seed %d, %.1f M"
                            + " parameters%n",
                    dir,
                    (System.nanoTime() - start) / 1_000_000,
                    config.nEmbd(),
                    config.nLayer(),
                    config.nHead(),
                    config.seed(),
                    GptWeights.parameterCount(config) / 1e6);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("Could not write " + dir + ": " + e);
            return 1;
        }
    }

    private static boolean upToDate(Path tokenizer, Path out) throws IOException {
        long built = BundleStamp.builtAt(out);
        return built >= 0
                && built >= Files.getLastModifiedTime(tokenizer).toMillis()
                && built >= BundleStamp.classesModifiedAt(GptGenerator.class);
    }

    private static long seed(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed expects a long, got '" + value + "'");
        }
    }
}
