package dev.flinfer.models.vit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates ViT image classifiers with seeded weights, as model bundles. No pretrained ViT is
 * published where this project can fetch one, so tests and benchmarks generate theirs; the graph is
 * real, the weights are not trained.
 *
 * <pre>{@code
 * VitGenerator.generate(VitConfig.small(3), Path.of("/tmp/vit-small"), false);
 * }</pre>
 *
 * <p>Command line: {@code --out DIR [--preset small|base] [--labels N] [--seed S] [--image-size N]
 * [--patch N] [--hidden N] [--layers N] [--heads N] [--multi-label]}.
 */
public final class VitGenerator {
    private VitGenerator() {}

    /** Writes a bundle for {@code config} into {@code dir}. */
    public static void generate(VitConfig config, Path dir, boolean multiLabel) throws IOException {
        VitBundleWriter.write(
                dir, config, VitGraph.build(config, VitWeights.generate(config)), multiLabel);
    }

    public static void main(String[] args) throws IOException {
        String out = null;
        String preset = "small";
        int labels = 10;
        long seed = 42;
        boolean multiLabel = false;
        Integer imageSize = null;
        Integer patch = null;
        Integer hidden = null;
        Integer layers = null;
        Integer heads = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            if (flag.equals("--multi-label")) {
                multiLabel = true;
                continue;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("Missing value after " + flag);
            }
            String value = rest.remove(0);
            switch (flag) {
                case "--out" -> out = value;
                case "--preset" -> preset = value;
                case "--labels" -> labels = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--image-size" -> imageSize = Integer.parseInt(value);
                case "--patch" -> patch = Integer.parseInt(value);
                case "--hidden" -> hidden = Integer.parseInt(value);
                case "--layers" -> layers = Integer.parseInt(value);
                case "--heads" -> heads = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("Unknown option " + flag);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("Missing --out DIR");
        }
        VitConfig base =
                switch (preset) {
                    case "small" -> VitConfig.small(labels);
                    case "base" -> VitConfig.base(labels);
                    default ->
                            throw new IllegalArgumentException(
                                    "Unknown preset '" + preset + "': small or base");
                };
        VitConfig config =
                VitConfig.of(
                                imageSize != null ? imageSize : base.imageSize(),
                                patch != null ? patch : base.patchSize(),
                                hidden != null ? hidden : base.hidden(),
                                layers != null ? layers : base.layers(),
                                heads != null ? heads : base.heads(),
                                labels)
                        .withSeed(seed);
        long start = System.nanoTime();
        generate(config, Path.of(out), multiLabel);
        System.out.printf(
                "Wrote %s: ViT %dpx patch %d hidden %d layers %d heads %d labels %d (%.1f MB) in %.1f s%n",
                out,
                config.imageSize(),
                config.patchSize(),
                config.hidden(),
                config.layers(),
                config.heads(),
                config.numLabels(),
                Files.size(Path.of(out, "model.onnx")) / 1e6,
                (System.nanoTime() - start) / 1e9);
    }
}
