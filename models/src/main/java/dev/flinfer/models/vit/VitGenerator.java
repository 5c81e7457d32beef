package dev.flinfer.models.vit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Generates ViT image classifiers with seeded weights, as Hugging Face style model bundles. No
 * pretrained ViT is published where this project can fetch one, so tests and benchmarks generate
 * theirs: the graph is a real ViT, the weights are not trained.
 *
 * <pre>{@code
 * VitGenerator.generate(VitConfig.small(3), Path.of("/tmp/vit-small"), false);
 * }</pre>
 *
 * <p>Command line ({@code --help} prints the usage): {@code --out DIR [--preset small|base]
 * [--labels N] [--seed S] [--image-size N] [--patch N] [--hidden N] [--layers N] [--heads N]
 * [--multi-label]}.
 */
public final class VitGenerator {
    /** One ONNX protobuf file holds at most 2 GiB; leave room for the graph around the weights. */
    static final long MAX_WEIGHT_BYTES = (1L << 31) - (64L << 20);

    private VitGenerator() {}

    /**
     * Writes a bundle for {@code config} into {@code dir}: {@code model.onnx}, {@code config.json}
     * and {@code preprocessor_config.json}. The same config gives the same bytes.
     *
     * @throws IllegalArgumentException if the weights would not fit one ONNX file (2 GB)
     */
    public static void generate(VitConfig config, Path dir, boolean multiLabel) throws IOException {
        long bytes = 4 * VitWeights.parameterCount(config);
        if (bytes > MAX_WEIGHT_BYTES) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s has %.2f GB of weights, above the 2 GB an ONNX file can hold",
                            config, bytes / 1e9));
        }
        VitWeights weights = VitWeights.generate(config);
        VitBundleWriter.write(dir, config, VitGraph.build(config, weights), multiLabel);
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line; returns the exit code (0 done, 1 failed, 2 bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        VitGeneratorArgs parsed;
        VitConfig config;
        try {
            parsed = VitGeneratorArgs.parse(args);
            if (parsed.help()) {
                out.println(VitGeneratorArgs.USAGE);
                return 0;
            }
            config = parsed.config();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(VitGeneratorArgs.USAGE);
            return 2;
        }
        long start = System.nanoTime();
        try {
            generate(config, parsed.out(), parsed.multiLabel());
        } catch (IOException | RuntimeException e) {
            err.println("Could not write " + parsed.out() + ": " + e);
            return 1;
        }
        out.printf(
                "Wrote %s in %.1f s: ViT %d px, patch %d, hidden %d, %d layers, %d heads, MLP %d,"
                        + " %d labels (%s), seed %d, %.1f M parameters%n",
                parsed.out(),
                (System.nanoTime() - start) / 1e9,
                config.imageSize(),
                config.patchSize(),
                config.hidden(),
                config.layers(),
                config.heads(),
                config.mlpDim(),
                config.numLabels(),
                parsed.multiLabel() ? "multi-label" : "single-label",
                config.seed(),
                VitWeights.parameterCount(config) / 1e6);
        for (String file :
                List.of(
                        VitBundleWriter.MODEL_FILE,
                        VitBundleWriter.CONFIG_FILE,
                        VitBundleWriter.PREPROCESSOR_FILE)) {
            Path path = parsed.out().resolve(file);
            try {
                out.printf("  %-26s %,d bytes%n", file, Files.size(path));
            } catch (IOException e) {
                out.printf("  %-26s (size unknown: %s)%n", file, e.getMessage());
            }
        }
        return 0;
    }
}
