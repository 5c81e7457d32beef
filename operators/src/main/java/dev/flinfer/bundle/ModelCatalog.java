package dev.flinfer.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Turns what a user writes for {@code --model} into a {@link ModelBundle}: either a bundle
 * directory, or the name of a model bundled on the classpath under {@code flinfer/models/NAME/}
 * (the {@code flinfer-models} artifact). Bundled models are copied once into {@code
 * java.io.tmpdir/flinfer-models/} because ONNX Runtime and the tokenizer read files.
 *
 * <pre>{@code
 * ModelBundle minilm = ModelCatalog.resolve("all-minilm-l6-v2");
 * ModelBundle mine = ModelCatalog.resolve("/models/my-bert");
 * ModelBundle newest = ModelCatalog.resolve("/repository/my-bert");     // my-bert/1/, my-bert/2/
 * }</pre>
 */
@PublicEvolving
public final class ModelCatalog {
    static final String ROOT = "flinfer/models/";
    static final String INDEX = ROOT + "index.txt";

    /** Files a bundle may hold; the catalog copies those present. */
    private static final List<String> BUNDLE_FILES =
            List.of(
                    ModelBundle.MODEL,
                    ModelBundle.CONFIG,
                    ModelBundle.TOKENIZER,
                    ModelBundle.PREPROCESSOR,
                    ModelBundle.SENTENCE_BERT_CONFIG,
                    "tokenizer_config.json",
                    "special_tokens_map.json",
                    "labels.json",
                    ModelBundle.GENERATION_CONFIG,
                    "encoder_model.onnx",
                    "decoder_model_merged.onnx",
                    "decoder_model.onnx",
                    "decoder_with_past_model.onnx");

    /** Bundles this class loader has copied out already: the classpath does not change under it. */
    private static final Map<String, Path> EXTRACTED = new HashMap<>();

    private ModelCatalog() {}

    /** A bundle directory, or the name of a bundled model. */
    public static ModelBundle resolve(String modelOrPath) {
        if (modelOrPath == null || modelOrPath.isBlank()) {
            throw new ModelLoadException(
                    "No model given: name a bundled model "
                            + bundledNames()
                            + " or a bundle directory");
        }
        Path path = Path.of(modelOrPath);
        if (Files.exists(path) || modelOrPath.contains("/") || modelOrPath.contains("\\")) {
            return ModelBundle.open(ModelVersions.servedDirectory(path));
        }
        ClassLoader loader = ModelCatalog.class.getClassLoader();
        if (loader.getResource(ROOT + modelOrPath + "/" + ModelBundle.CONFIG) == null) {
            throw new ModelLoadException(
                    "Unknown model '"
                            + modelOrPath
                            + "': not a directory, and not one of"
                            + " the bundled models "
                            + bundledNames()
                            + " (is flinfer-models on the classpath?)");
        }
        return ModelBundle.open(modelOrPath, extract(modelOrPath, loader));
    }

    /** Names of the models bundled on the classpath. */
    public static List<String> bundledNames() {
        List<String> names = new ArrayList<>();
        try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in != null) {
                for (String line :
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        names.add(line.trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static synchronized Path extract(String name, ClassLoader loader) {
        Path known = EXTRACTED.get(name);
        if (known != null && Files.isDirectory(known)) {
            return known;
        }
        Path extracted = extractOnce(name, loader);
        EXTRACTED.put(name, extracted);
        return extracted;
    }

    private static Path extractOnce(String name, ClassLoader loader) {
        List<String> present = new ArrayList<>();
        CRC32 fingerprint = new CRC32();
        for (String file : BUNDLE_FILES) {
            URL url = loader.getResource(ROOT + name + "/" + file);
            if (url != null) {
                present.add(file);
                fingerprint.update(file.getBytes(StandardCharsets.UTF_8));
                update(fingerprint, url);
            }
        }
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "flinfer-models");
        Path target = cache.resolve(name + "-" + Long.toHexString(fingerprint.getValue()));
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(cache);
            Path staging = Files.createTempDirectory(cache, name + "-staging-");
            for (String file : present) {
                try (InputStream in = loader.getResourceAsStream(ROOT + name + "/" + file)) {
                    Files.copy(in, staging.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // another process won the race; its copy is complete because moves are atomic
                deleteQuietly(staging, present);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                deleteQuietly(staging, present);
            }
            return target;
        } catch (IOException e) {
            throw new ModelLoadException(
                    "Cannot copy bundled model '" + name + "' to " + target + ": " + e, e);
        }
    }

    /** Adds the content of {@code url} to {@code crc}: a changed file gets a new cache folder. */
    private static void update(CRC32 crc, URL url) {
        try (InputStream in = url.openStream()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read bundled model file " + url + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path dir, List<String> files) {
        try {
            for (String file : files) {
                Files.deleteIfExists(dir.resolve(file));
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a stale staging folder in the temp directory is harmless
        }
    }
}
