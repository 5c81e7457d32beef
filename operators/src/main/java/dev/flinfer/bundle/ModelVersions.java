package dev.flinfer.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A model repository on a local disk, laid out as Triton and TF Serving lay theirs: a model's
 * directory holds numbered versions, each a bundle ({@code my-bert/1/}, {@code my-bert/2/}). A
 * model directory without {@code config.json} whose subdirectories are numbers serves its newest
 * version; a version directory serves itself.
 *
 * <pre>{@code
 * Path served = ModelVersions.servedDirectory(Path.of("/repository/my-bert"));   // .../my-bert/2
 * }</pre>
 */
@PublicEvolving
public final class ModelVersions {
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");

    private ModelVersions() {}

    /** Whether {@code name} is a version directory's name: a positive number. */
    public static boolean isVersion(String name) {
        return name != null && VERSION.matcher(name).matches();
    }

    /** The number of version {@code name}; it must be one ({@link #isVersion}). */
    public static int number(String name) {
        if (!isVersion(name)) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a model version (a number from 1)");
        }
        return Integer.parseInt(name);
    }

    /** The version numbers under {@code modelDirectory}, lowest first; empty when none. */
    public static List<Integer> versions(Path modelDirectory) {
        List<Integer> versions = new ArrayList<>();
        if (!Files.isDirectory(modelDirectory)) {
            return versions;
        }
        try (Stream<Path> children = Files.list(modelDirectory)) {
            children.filter(Files::isDirectory)
                    .map(child -> child.getFileName().toString())
                    .filter(ModelVersions::isVersion)
                    .map(Integer::parseInt)
                    .sorted()
                    .forEach(versions::add);
        } catch (IOException e) {
            throw ModelLoadException.at(modelDirectory, "cannot be listed: " + e.getMessage(), e);
        }
        return versions;
    }

    /**
     * {@code directory} itself when it is a bundle or a version, its newest version when it is a
     * model directory of versions.
     */
    public static Path servedDirectory(Path directory) {
        if (Files.exists(directory.resolve(ModelBundle.CONFIG))) {
            return directory;
        }
        List<Integer> versions = versions(directory);
        if (versions.isEmpty()) {
            return directory;
        }
        return directory.resolve(String.valueOf(versions.get(versions.size() - 1)));
    }
}
