package dev.flinfer.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * When a generated bundle was written: the older of its {@code model.onnx} and {@code config.json},
 * so that a generator can skip a bundle that is newer than everything it was made from.
 *
 * <pre>{@code
 * if (BundleStamp.builtAt(out) >= Files.getLastModifiedTime(source).toMillis()) { return; }
 * }</pre>
 */
public final class BundleStamp {
    private BundleStamp() {}

    /** The bundle's build time in epoch millis, or -1 when either file is missing. */
    public static long builtAt(Path bundle) throws IOException {
        Path model = bundle.resolve("model.onnx");
        Path config = bundle.resolve("config.json");
        if (!Files.exists(model) || !Files.exists(config)) {
            return -1;
        }
        return Math.min(
                Files.getLastModifiedTime(model).toMillis(),
                Files.getLastModifiedTime(config).toMillis());
    }
}
