package dev.flinfer.session;

import java.io.Serializable;
import java.util.Locale;

/**
 * Where a session runs: {@code auto} (CUDA when it loads, else CPU), {@code cpu}, or {@code cuda:N}
 * ({@code cuda} alone is {@code cuda:0}).
 *
 * <pre>{@code
 * Device device = Device.parse("cuda:1");
 * }</pre>
 */
public record Device(Kind kind, int index) implements Serializable {

    /** The kinds of device a user can ask for. */
    public enum Kind {
        AUTO,
        CPU,
        CUDA
    }

    public static final Device AUTO = new Device(Kind.AUTO, 0);
    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (index < 0) {
            throw new IllegalArgumentException("Device index must be >= 0, got " + index);
        }
    }

    /** Parses {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}. */
    public static Device parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "cuda":
            case "gpu":
                return new Device(Kind.CUDA, 0);
            default:
                if (value.startsWith("cuda:")) {
                    try {
                        return new Device(Kind.CUDA, Integer.parseInt(value.substring(5)));
                    } catch (IllegalArgumentException e) {
                        // falls through to the error below
                    }
                }
                throw new IllegalArgumentException(
                        "Unknown device '" + text + "': expected auto, cpu or cuda:N (N >= 0)");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.CUDA ? "cuda:" + index : kind.name().toLowerCase(Locale.ROOT);
    }
}
