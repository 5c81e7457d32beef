package dev.flinfer.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where a model named in SQL ({@code 'model'} of {@code CREATE MODEL}) may be read from: a bundled
 * model by name, or a bundle directory under one of the allowed roots (none by default; the SQL
 * face takes them from Flink options, {@code dev.flinfer.sql.ModelRootOptions}). Anyone who may
 * write a {@code CREATE MODEL} would otherwise make the cluster open any path it can read. The
 * check resolves real paths, so {@code ..} and symbolic links that lead out of a root are refused,
 * and it refuses with one message whether or not the path exists, so it tells nothing about the
 * files outside the roots. The job CLI does not use it: its {@code --model} is given by whoever
 * submits the job.
 *
 * <pre>{@code
 * ModelRoots roots = ModelRoots.of(List.of("/opt/flinfer/models"));
 * ModelBundle bundle = ModelCatalog.resolve(roots.check("/opt/flinfer/models/my-bert"));
 * }</pre>
 */
@PublicEvolving
public final class ModelRoots {
    private final List<Path> roots;

    private ModelRoots(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * The roots named in {@code directories}, as real paths; those that do not exist are left out.
     */
    public static ModelRoots of(List<String> directories) {
        List<Path> roots = new ArrayList<>();
        for (String root : directories) {
            try {
                if (root != null && !root.isBlank()) {
                    roots.add(Path.of(root.trim()).toRealPath());
                }
            } catch (IOException | InvalidPathException e) {
                // a root that does not exist holds no model
            }
        }
        return new ModelRoots(roots);
    }

    /** The real paths of the roots. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * Returns {@code model} when it is a bundled model's name or a path under the roots; throws a
     * {@link ModelLoadException} otherwise, with one message whatever the reason.
     */
    public String check(String model) {
        if (isBundledName(model)) {
            return model;
        }
        Path real = realPath(model);
        if (real != null) {
            for (Path root : roots) {
                if (real.startsWith(root)) {
                    return model;
                }
            }
        }
        throw new ModelLoadException(
                "Unknown model '"
                        + model
                        + "': not one of the bundled models "
                        + ModelCatalog.bundledNames()
                        + " nor a bundle directory under the allowed model roots "
                        + roots);
    }

    /** A name the catalog resolves to a bundled model (not a path that exists here). */
    private static boolean isBundledName(String model) {
        return !model.contains("/")
                && !model.contains("\\")
                && ModelCatalog.bundledNames().contains(model)
                && !Files.exists(Path.of(model), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * {@code model} as an absolute path with the links of its existing part resolved and the rest
     * normalised; null when it is no path or leads through a broken link.
     */
    static Path realPath(String model) {
        try {
            Path absolute = Path.of(model).toAbsolutePath();
            Path existing = absolute;
            Deque<Path> rest = new ArrayDeque<>();
            while (existing.getParent() != null
                    && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                rest.push(existing.getFileName());
                existing = existing.getParent();
            }
            Path real = existing.toRealPath();
            while (!rest.isEmpty()) {
                real = real.resolve(rest.pop());
            }
            return real.normalize();
        } catch (IOException | InvalidPathException e) {
            return null;
        }
    }
}
