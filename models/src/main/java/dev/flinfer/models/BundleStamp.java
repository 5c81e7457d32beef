package dev.flinfer.models;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * When a generated bundle was written: the older of its {@code model.onnx} (or another model file)
 * and {@code config.json}, so that a generator can skip a bundle that is newer than everything it
 * was made from.
 *
 * <pre>{@code
 * if (BundleStamp.builtAt(out) >= Files.getLastModifiedTime(source).toMillis()) { return; }
 * }</pre>
 */
public final class BundleStamp {
    private BundleStamp() {}

    /** The bundle's build time in epoch millis, or -1 when either file is missing. */
    public static long builtAt(Path bundle) throws IOException {
        return builtAt(bundle, "model.onnx");
    }

    /**
     * The same for a bundle whose model file has another name ({@code encoder_model.onnx} of an
     * encoder-decoder export, say): the older of it and {@code config.json}, or -1.
     */
    public static long builtAt(Path bundle, String modelFile) throws IOException {
        Path model = bundle.resolve(modelFile);
        Path config = bundle.resolve("config.json");
        if (!Files.exists(model) || !Files.exists(config)) {
            return -1;
        }
        return Math.min(
                Files.getLastModifiedTime(model).toMillis(),
                Files.getLastModifiedTime(config).toMillis());
    }

    /**
     * When the classes of {@code type}'s package last changed, in epoch millis: the newest class
     * file there, 0 when they come from a jar, {@link Long#MAX_VALUE} when unknown (so that the
     * bundle is regenerated).
     */
    public static long classesModifiedAt(Class<?> type) throws IOException {
        Path location;
        try {
            location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
        Path dir = location.resolve(type.getPackageName().replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long newest = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
            }
        }
        return newest;
    }
}
