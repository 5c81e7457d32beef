package dev.flinfer.models;

/**
 * What the generators' command lines share: the value that follows an option.
 *
 * <pre>{@code
 * case "--out" -> out = Path.of(CliArgs.value(args, ++i));
 * }</pre>
 */
public final class CliArgs {
    private CliArgs() {}

    /** {@code args[i]}, the value of the option {@code args[i - 1]}. */
    public static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("Missing value after " + args[i - 1]);
        }
        return args[i];
    }
}
