package dev.flinfer.models.decoder;

import dev.flinfer.models.BundleStamp;
import dev.flinfer.models.CliArgs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line the decoder generators share: {@code --tokenizer PATH --out DIR [--seed S]
 * [--skip-if-up-to-date]}, the bundle skipped when newer than the tokenizer and the generator's
 * classes. Exit codes: 0 done or up to date, 1 failed, 2 usage.
 *
 * <pre>{@code
 * return DecoderCommand.run(args, out, err, USAGE, 42, GptGenerator.class, GptGenerator::write);
 * }</pre>
 */
public final class DecoderCommand {
    /** Writes the bundle of {@code seed}; returns a summary of what it wrote ("GPT-2 64 wide"). */
    @FunctionalInterface
    public interface Writer {
        String write(long seed, Path tokenizer, Path dir) throws IOException;
    }

    private DecoderCommand() {}

    /** The usage text of the generator {@code name}. */
    public static String usage(String name) {
        return "Usage: "
                + name
                + " --tokenizer PATH --out DIR [--seed S] [--skip-if-up-to-date]\n"
                + "PATH is the MiniLM tokenizer.json; writes model.onnx, config.json,"
                + " generation_config.json and tokenizer.json into DIR.";
    }

    /** Ends the JVM with {@code code} unless it is 0 (a generator's {@code main}). */
    public static void exitOnFailure(int code) {
        if (code != 0) {
            System.exit(code);
        }
    }

    public static int run(
            String[] args,
            PrintStream out,
            PrintStream err,
            String usage,
            long defaultSeed,
            Class<?> generator,
            Writer writer) {
        Path tokenizer = null;
        Path dir = null;
        long seed = defaultSeed;
        boolean skipIfUpToDate = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--tokenizer" -> tokenizer = Path.of(CliArgs.value(args, ++i));
                    case "--out" -> dir = Path.of(CliArgs.value(args, ++i));
                    case "--seed" -> seed = seed(CliArgs.value(args, ++i));
                    case "--skip-if-up-to-date" -> skipIfUpToDate = true;
                    case "--help", "-h" -> {
                        out.println(usage);
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
            err.println(usage);
            return 2;
        }
        try {
            if (skipIfUpToDate && upToDate(tokenizer, dir, generator)) {
                out.println("Up to date: " + dir);
                return 0;
            }
            long start = System.nanoTime();
            String summary = writer.write(seed, tokenizer, dir);
            out.printf(
                    "Wrote %s in %d ms: %s%n",
                    dir, (System.nanoTime() - start) / 1_000_000, summary);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("Could not write " + dir + ": " + e);
            return 1;
        }
    }

    private static boolean upToDate(Path tokenizer, Path out, Class<?> generator)
            throws IOException {
        long built = BundleStamp.builtAt(out);
        return built >= 0
                && built >= Files.getLastModifiedTime(tokenizer).toMillis()
                && built >= BundleStamp.classesModifiedAt(generator);
    }

    private static long seed(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed expects a long, got '" + value + "'");
        }
    }
}
