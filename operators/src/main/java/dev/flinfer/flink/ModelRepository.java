package dev.flinfer.flink;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.bundle.ModelVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A model's numbered versions ({@code NAME/1/}, {@code NAME/2/}, ...) on any file system Flink
 * reads: a local path, {@code file://}, {@code s3://}, {@code hdfs://} (with the file system's
 * plugin in Flink's {@code plugins/}). A location that ends in a version pins it; one that names
 * the model serves its newest. ONNX Runtime reads local files, so a version on a remote file system
 * is copied once per TaskManager into {@code java.io.tmpdir/flinfer-repository/}.
 *
 * <pre>{@code
 * ModelRepository repository = ModelRepository.of("s3://models/classifier");
 * int newest = repository.newest();
 * ModelBundle bundle = repository.bundle(newest);
 * }</pre>
 */
@PublicEvolving
public final class ModelRepository implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String root;
    private final String name;
    private final Integer pinned;

    private ModelRepository(String root, String name, Integer pinned) {
        this.root = root;
        this.name = name;
        this.pinned = pinned;
    }

    /**
     * The repository of {@code location}: a model directory of numbered versions, or one version of
     * it ({@code .../classifier/3}, pinned).
     */
    public static ModelRepository of(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("a model repository location must be given");
        }
        String trimmed =
                location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        Path path = new Path(trimmed);
        String last = path.getName();
        if (ModelVersions.isVersion(last) && path.getParent() != null) {
            Path parent = path.getParent();
            return new ModelRepository(parent.toString(), parent.getName(), Integer.valueOf(last));
        }
        return new ModelRepository(path.toString(), last, null);
    }

    /**
     * Whether {@code model} names a versioned model: a URI, a version directory, or a directory of
     * numbered versions without a {@code config.json} of its own.
     */
    public static boolean isVersioned(String model) {
        if (model == null || model.isBlank()) {
            return false;
        }
        if (isUri(model)) {
            return true;
        }
        java.nio.file.Path local = java.nio.file.Path.of(model);
        if (!Files.isDirectory(local)) {
            return false;
        }
        java.nio.file.Path absolute = local.toAbsolutePath().normalize();
        if (absolute.getFileName() != null
                && ModelVersions.isVersion(absolute.getFileName().toString())) {
            return true;
        }
        return !Files.exists(local.resolve(ModelBundle.CONFIG))
                && !ModelVersions.versions(local).isEmpty();
    }

    /** Whether {@code model} is a file system URI ({@code s3://...}, {@code file://...}). */
    public static boolean isUri(String model) {
        return model != null && model.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    }

    /** The model's name: its directory's name. */
    public String name() {
        return name;
    }

    /** Where the versions are. */
    public String location() {
        return root;
    }

    /** The version the location pinned, if it named one. */
    public OptionalInt pinned() {
        return pinned == null ? OptionalInt.empty() : OptionalInt.of(pinned);
    }

    /** The pinned version, or else the newest. */
    public int initialVersion() {
        return pinned != null ? pinned : newest();
    }

    /** The version numbers present now, lowest first. */
    public List<Integer> versions() {
        Path dir = new Path(root);
        List<Integer> versions = new ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem();
            if (!fs.exists(dir)) {
                throw new ModelLoadException(
                        "Model repository "
                                + root
                                + " does not exist (expected "
                                + name
                                + "/1/, ...)");
            }
            FileStatus[] children = fs.listStatus(dir);
            for (FileStatus child : children == null ? new FileStatus[0] : children) {
                if (child.isDir() && ModelVersions.isVersion(child.getPath().getName())) {
                    versions.add(Integer.parseInt(child.getPath().getName()));
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException(
                    "Model repository " + root + " cannot be listed: " + e.getMessage(), e);
        }
        versions.sort(null);
        return versions;
    }

    /** The highest version present; fails naming the location when there is none. */
    public int newest() {
        List<Integer> versions = versions();
        if (versions.isEmpty()) {
            throw new ModelLoadException(
                    "Model repository "
                            + root
                            + " holds no numbered version directories ("
                            + name
                            + "/1/, "
                            + name
                            + "/2/, ...)");
        }
        return versions.get(versions.size() - 1);
    }

    /** Whether version {@code version} is present. */
    public boolean exists(int version) {
        return versions().contains(version);
    }

    /** Where version {@code version} is, as the repository names it. */
    public String location(int version) {
        return root + "/" + version;
    }

    /**
     * A local directory holding version {@code version}: the version itself on a local file system,
     * else a copy made once (its files copied to a fresh directory, then moved into place).
     */
    public java.nio.file.Path localDirectory(int version) {
        Path dir = new Path(location(version));
        try {
            FileSystem fs = dir.getFileSystem();
            if (!fs.exists(dir)) {
                throw new ModelLoadException(
                        "Model version " + location(version) + " does not exist");
            }
            if (!fs.isDistributedFS() && "file".equals(fs.getUri().getScheme())) {
                return java.nio.file.Path.of(dir.toUri().getPath());
            }
            return copy(fs, dir, version);
        } catch (IOException e) {
            throw new ModelLoadException(
                    "Model version " + location(version) + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Version {@code version} as a bundle: named for the model, its version the number. */
    public ModelBundle bundle(int version) {
        return ModelBundle.open(name, localDirectory(version), String.valueOf(version));
    }

    private java.nio.file.Path copy(FileSystem fs, Path dir, int version) throws IOException {
        java.nio.file.Path target =
                java.nio.file.Path.of(
                        System.getProperty("java.io.tmpdir"),
                        "flinfer-repository",
                        digest(root),
                        name,
                        String.valueOf(version));
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        java.nio.file.Path staging = Files.createTempDirectory(target.getParent(), version + "-");
        for (FileStatus file : fs.listStatus(dir)) {
            if (file.isDir()) {
                continue;
            }
            try (InputStream in = fs.open(file.getPath())) {
                Files.copy(in, staging.resolve(file.getPath().getName()));
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            // another slot copied it first: use theirs
            deleteQuietly(staging);
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
            deleteQuietly(staging);
        }
        return target;
    }

    private static void deleteQuietly(java.nio.file.Path dir) {
        try (var files = Files.list(dir)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover staging directory in tmp is harmless
        }
    }

    private static String digest(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of()
                    .formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return root + (pinned != null ? " (version " + pinned + ")" : "");
    }
}
