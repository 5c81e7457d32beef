package dev.flinfer.models.vit;

import java.nio.file.Path;

/** The command line of {@link VitGenerator}, parsed; a message names any bad flag or value. */
record VitGeneratorArgs(
        Path out,
        String preset,
        int labels,
        long seed,
        Integer imageSize,
        Integer patch,
        Integer hidden,
        Integer layers,
        Integer heads,
        boolean multiLabel,
        boolean help) {
    static final String USAGE =
            "Usage: VitGenerator --out DIR [--preset small|base] [--labels N] [--seed S]\n"
                    + "         [--image-size N] [--patch N] [--hidden N] [--layers N] [--heads N]"
                    + " [--multi-label]\n"
                    + "Writes a ViT image classifier with seeded (untrained) weights as a Hugging"
                    + " Face bundle:\n"
                    + "model.onnx, config.json, preprocessor_config.json. Defaults: --preset small"
                    + " --labels 10 --seed 42;\n"
                    + "the size flags override the preset, and the MLP stays 4 x hidden.";

    static VitGeneratorArgs parse(String... args) {
        Path out = null;
        String preset = "small";
        int labels = 10;
        long seed = VitConfig.DEFAULT_SEED;
        Integer imageSize = null;
        Integer patch = null;
        Integer hidden = null;
        Integer layers = null;
        Integer heads = null;
        boolean multiLabel = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return new VitGeneratorArgs(
                        out, preset, labels, seed, null, null, null, null, null, false, true);
            }
            if (flag.equals("--multi-label")) {
                multiLabel = true;
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("Missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--out" -> out = Path.of(value);
                case "--preset" -> preset = value;
                case "--labels" -> labels = integer(flag, value);
                case "--seed" -> seed = longValue(flag, value);
                case "--image-size" -> imageSize = integer(flag, value);
                case "--patch" -> patch = integer(flag, value);
                case "--hidden" -> hidden = integer(flag, value);
                case "--layers" -> layers = integer(flag, value);
                case "--heads" -> heads = integer(flag, value);
                default -> throw new IllegalArgumentException("Unknown option " + flag);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("Missing --out DIR");
        }
        return new VitGeneratorArgs(
                out,
                preset,
                labels,
                seed,
                imageSize,
                patch,
                hidden,
                layers,
                heads,
                multiLabel,
                false);
    }

    /** The preset with the flags' overrides and seed. */
    VitConfig config() {
        VitConfig base =
                switch (preset) {
                    case "small" -> VitConfig.small(labels);
                    case "base" -> VitConfig.base(labels);
                    default ->
                            throw new IllegalArgumentException(
                                    "Unknown --preset '" + preset + "': small or base");
                };
        return VitConfig.of(
                        imageSize != null ? imageSize : base.imageSize(),
                        patch != null ? patch : base.patchSize(),
                        hidden != null ? hidden : base.hidden(),
                        layers != null ? layers : base.layers(),
                        heads != null ? heads : base.heads(),
                        labels)
                .withSeed(seed);
    }

    private static int integer(String flag, String value) {
        return (int) longValue(flag, value);
    }

    private static long longValue(String flag, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (!flag.equals("--seed")
                    && (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    flag
                            + " expects "
                            + (flag.equals("--seed") ? "a long" : "an integer")
                            + ", got '"
                            + value
                            + "'");
        }
    }
}
