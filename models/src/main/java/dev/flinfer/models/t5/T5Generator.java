package dev.flinfer.models.t5;

import dev.flinfer.models.BundleFiles;
import dev.flinfer.models.BundleStamp;
import dev.flinfer.models.CliArgs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Generates a tiny T5 encoder-decoder with seeded weights as a bundle in Hugging Face Optimum's
 * export layout, for testing generation runtimes: {@code encoder_model.onnx}, {@code
 * decoder_model_merged.onnx} (always), {@code decoder_model.onnx} and {@code
 * decoder_with_past_model.onnx} (with {@link Layout#PAIR}), {@code config.json}, {@code
 * generation_config.json} and {@code tokenizer.json} (the MiniLM tokenizer, appending [SEP]). The
 * same config gives the same bytes. The weights are not trained: the text it generates means
 * nothing.
 *
 * <pre>{@code
 * T5Generator.generate(T5Config.tiny(), minilmDir.resolve("tokenizer.json"),
 *         Path.of("/tmp/t5-tiny"), T5Generator.Layout.MERGED);
 * }</pre>
 *
 * <p>Command line: {@code --tokenizer PATH --out DIR [--layout merged|pair]
 * [--skip-if-up-to-date]}.
 */
public final class T5Generator {
    public static final String ENCODER_FILE = "encoder_model.onnx";
    public static final String MERGED_DECODER_FILE = "decoder_model_merged.onnx";
    public static final String DECODER_FILE = "decoder_model.onnx";
    public static final String DECODER_WITH_PAST_FILE = "decoder_with_past_model.onnx";

    static final String USAGE =
            "Usage: T5Generator --tokenizer PATH --out DIR [--layout merged|pair]"
                    + " [--skip-if-up-to-date]\n"
                    + "PATH is the MiniLM tokenizer.json; merged (the default) writes "
                    + MERGED_DECODER_FILE
                    + ", pair writes "
                    + DECODER_FILE
                    + " and "
                    + DECODER_WITH_PAST_FILE
                    + " as well.";

    /** Which decoder files to write. */
    public enum Layout {
        /** {@code decoder_model_merged.onnx} only. */
        MERGED,
        /** The merged decoder, and the {@code decoder_model} / {@code decoder_with_past} pair. */
        PAIR
    }

    private T5Generator() {}

    /** Writes the bundle into {@code outDir}, created if missing; files there are replaced. */
    public static void generate(
            T5Config config, Path minilmTokenizerJson, Path outDir, Layout layout)
            throws IOException {
        T5Weights weights = T5Weights.generate(config);
        Files.createDirectories(outDir);
        BundleFiles.writeModel(outDir.resolve(ENCODER_FILE), T5EncoderGraph.build(config, weights));
        BundleFiles.writeModel(
                outDir.resolve(MERGED_DECODER_FILE), T5DecoderModels.merged(config, weights));
        if (layout == Layout.PAIR) {
            BundleFiles.writeModel(
                    outDir.resolve(DECODER_FILE), T5DecoderModels.withoutPast(config, weights));
            BundleFiles.writeModel(
                    outDir.resolve(DECODER_WITH_PAST_FILE),
                    T5DecoderModels.withPast(config, weights));
        }
        T5BundleWriter.writeJson(outDir, config, minilmTokenizerJson);
    }

    public static void main(String[] args) throws Exception {
        Path tokenizer = null;
        Path out = null;
        Layout layout = Layout.MERGED;
        boolean skipIfUpToDate = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tokenizer" -> tokenizer = Path.of(CliArgs.value(args, ++i));
                case "--out" -> out = Path.of(CliArgs.value(args, ++i));
                case "--layout" -> layout = layout(CliArgs.value(args, ++i));
                case "--skip-if-up-to-date" -> skipIfUpToDate = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default ->
                        throw new IllegalArgumentException(
                                "Unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (tokenizer == null || out == null) {
            throw new IllegalArgumentException("--tokenizer and --out are required\n" + USAGE);
        }
        if (skipIfUpToDate && upToDate(tokenizer, out)) {
            System.out.println("Up to date: " + out);
            return;
        }
        long start = System.nanoTime();
        generate(T5Config.tiny(), tokenizer, out, layout);
        System.out.printf("Wrote %s in %d ms%n", out, (System.nanoTime() - start) / 1_000_000);
    }

    private static Layout layout(String name) {
        try {
            return Layout.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--layout must be merged or pair, got " + name + "\n" + USAGE, e);
        }
    }

    /** Newer than the tokenizer it edits and than the classes of this package that wrote it. */
    private static boolean upToDate(Path tokenizer, Path out) throws IOException {
        long built = BundleStamp.builtAt(out, ENCODER_FILE);
        return built >= 0
                && Files.exists(out.resolve(MERGED_DECODER_FILE))
                && built >= Files.getLastModifiedTime(tokenizer).toMillis()
                && built >= BundleStamp.classesModifiedAt(T5Generator.class);
    }
}
