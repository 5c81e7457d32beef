package dev.flinfer.session;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where a session runs: {@code auto} (CUDA when it loads, else CPU), {@code cpu}, {@code cuda:N}
 * ({@code cuda} alone is {@code cuda:0}), or {@code tensorrt:N} (ONNX Runtime's TensorRT provider
 * on GPU N, with CUDA for the nodes TensorRT does not take; never chosen by {@code auto}, because
 * building its engines takes minutes on first use).
 *
 * <pre>{@code
 * Device device = Device.parse("cuda:1");
 * }</pre>
 */
@PublicEvolving
public record Device(Kind kind, int index) implements Serializable {

    /** The kinds of device a user can ask for. */
    @PublicEvolving
    public enum Kind {
        AUTO,
        CPU,
        CUDA,
        TENSORRT
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
            case "tensorrt":
                return new Device(Kind.TENSORRT, 0);
            default:
                for (Kind kind : List.of(Kind.CUDA, Kind.TENSORRT)) {
                    String prefix = kind.name().toLowerCase(Locale.ROOT) + ":";
                    if (value.startsWith(prefix)) {
                        try {
                            return new Device(
                                    kind, Integer.parseInt(value.substring(prefix.length())));
                        } catch (IllegalArgumentException e) {
                            // falls through to the error below
                        }
                    }
                }
                throw new IllegalArgumentException(
                        "Unknown device '"
                                + text
                                + "': expected auto, cpu, cuda:N or tensorrt:N (N >= 0)");
        }
    }

    @Override
    public String toString() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return isGpu() ? name + ":" + index : name;
    }

    /** Whether this names a GPU ({@code cuda:N} or {@code tensorrt:N}). */
    public boolean isGpu() {
        return kind == Kind.CUDA || kind == Kind.TENSORRT;
    }
}
