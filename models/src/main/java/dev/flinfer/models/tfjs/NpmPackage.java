package dev.flinfer.models.tfjs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A package tarball from the npm registry, fetched with the ordinary {@code npm pack} client and
 * checked against its published integrity ({@code sha512-BASE64}, what {@code npm view PKG
 * dist.integrity} prints), and read without unpacking it to disk.
 *
 * <pre>{@code
 * Path tgz = NpmPackage.pack("nsfwjs@4.4.0", "sha512-...", Path.of("target/npm"));
 * Map<String, byte[]> files = NpmPackage.entries(tgz, name -> name.endsWith(".js"));
 * }</pre>
 */
public final class NpmPackage {
    private NpmPackage() {}

    /** The tarball of {@code spec} in {@code dir}: reused when it is there and intact. */
    public static Path pack(String spec, String integrity, Path dir)
            throws IOException, InterruptedException {
        String file = spec.replace("@", "-").replace('/', '-') + ".tgz";
        Path tgz = dir.resolve(file);
        if (Files.exists(tgz) && integrity(tgz).equals(integrity)) {
            return tgz;
        }
        Files.createDirectories(dir);
        Process npm;
        try {
            npm =
                    new ProcessBuilder("npm", "pack", spec, "--pack-destination", dir.toString())
                            .redirectErrorStream(true)
                            .start();
        } catch (IOException e) {
            throw new IOException(
                    "npm not found: it is needed to fetch "
                            + spec
                            + " from the npm registry (install Node.js and npm, e.g."
                            + " 'apt-get install nodejs npm')",
                    e);
        }
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (npm.waitFor() != 0 || !Files.exists(tgz)) {
            throw new IOException("'npm pack " + spec + "' failed:\n" + output);
        }
        String actual = integrity(tgz);
        if (!actual.equals(integrity)) {
            Files.delete(tgz);
            throw new IOException(
                    tgz
                            + ": integrity "
                            + actual
                            + " is not the pinned "
                            + integrity
                            + " of "
                            + spec);
        }
        return tgz;
    }

    /** {@code sha512-} and the base64 SHA-512 of {@code file}, as npm writes integrity. */
    public static String integrity(Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            return "sha512-"
                    + Base64.getEncoder().encodeToString(sha.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The regular files of the gzipped tar {@code tgz} whose names pass {@code wanted}. */
    public static Map<String, byte[]> entries(Path tgz, Predicate<String> wanted)
            throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(text(header, 124, 12).trim(), 8);
                byte type = header[156];
                byte[] data = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if ((type == '0' || type == 0) && wanted.test(name)) {
                    out.put(name, data);
                }
            }
        }
        return out;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
