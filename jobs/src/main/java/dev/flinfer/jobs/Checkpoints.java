package dev.flinfer.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds retained checkpoints: Flink writes them as {@code DIR/JOB_ID/chk-N/_metadata}; a checkpoint
 * is complete once its {@code _metadata} exists.
 */
public final class Checkpoints {
    private Checkpoints() {}

    /** The newest complete checkpoint under {@code dir}, if any. */
    public static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(Checkpoints::checkpointsOf)
                    .filter(chk -> Files.isRegularFile(chk.resolve("_metadata")))
                    .max(Comparator.comparing(Checkpoints::metadataTime));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A checkpoint directory or checkpoint path as Flink takes it: a URI with a scheme ({@code
     * s3://bucket/dir}, {@code file:///dir}) as given, a local path made absolute.
     */
    static String toUri(String pathOrUri) {
        if (hasScheme(pathOrUri)) {
            return pathOrUri;
        }
        return Path.of(pathOrUri).toAbsolutePath().toUri().toString();
    }

    private static boolean hasScheme(String pathOrUri) {
        return pathOrUri.matches("[a-zA-Z][a-zA-Z0-9+.-]+://.*") || pathOrUri.startsWith("file:/");
    }

    /** What {@code --restore} names: 'latest' under the checkpoint dir, or a path as given. */
    static String resolve(String restore, String checkpointDir) {
        if (!"latest".equals(restore) && hasScheme(restore)) {
            return restore; // a remote file system: Flink checks it when the job starts
        }
        if ("latest".equals(restore)
                && hasScheme(checkpointDir)
                && !checkpointDir.startsWith("file:")) {
            throw new IllegalArgumentException(
                    "--restore latest looks for checkpoints in a local --checkpoint-dir; for "
                            + checkpointDir
                            + " give the checkpoint's path (.../JOB_ID/chk-N)");
        }
        if (!"latest".equals(restore)) {
            Path path = Path.of(restore);
            if (!Files.exists(path)) {
                throw new IllegalArgumentException(
                        "--restore " + restore + ": no such checkpoint or savepoint");
            }
            return path.toAbsolutePath().toUri().toString();
        }
        Path dir =
                checkpointDir.startsWith("file:")
                        ? Path.of(java.net.URI.create(checkpointDir))
                        : Path.of(checkpointDir);
        return latest(dir)
                .map(p -> p.toAbsolutePath().toUri().toString())
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "--restore latest: no complete checkpoint under "
                                                + checkpointDir));
    }

    private static Stream<Path> checkpointsOf(Path jobDir) {
        try (Stream<Path> children = Files.list(jobDir)) {
            return children
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .toList()
                    .stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static long metadataTime(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
