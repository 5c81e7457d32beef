package dev.flinfer.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nsfwjs tarball the build fetched: its integrity, its entries, its class names. */
class NpmPackageTest {
    private static final Path TARBALL = Path.of("target", "npm", "nsfwjs-4.4.0.tgz");

    @Test
    void tarballIntegrityIsThePinnedOneRecordedInTheBundle() throws Exception {
        String recorded =
                new ObjectMapper()
                        .readTree(
                                getClass()
                                        .getResource(
                                                "/flinfer/models/nsfw-mobilenet-v2/config.json"))
                        .path("flinfer_source")
                        .path("integrity")
                        .asText();
        assertThat(NpmPackage.integrity(TARBALL)).isEqualTo(recorded).startsWith("sha512-");
    }

    @Test
    void anIntactTarballIsReusedWithoutAskingNpm(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("nsfwjs-4.4.0.tgz");
        Files.copy(TARBALL, copy);
        assertThat(NpmPackage.pack("nsfwjs@4.4.0", NpmPackage.integrity(TARBALL), dir))
                .isEqualTo(copy);
    }

    @Test
    void readsEntriesAndClassNamesFromTheTarball() throws Exception {
        Map<String, byte[]> files =
                NpmPackage.entries(
                        TARBALL,
                        n ->
                                n.equals("package/package.json")
                                        || n.equals("package/dist/cjs/nsfw_classes.js"));
        assertThat(files)
                .containsOnlyKeys("package/package.json", "package/dist/cjs/nsfw_classes.js");
        assertThat(new String(files.get("package/package.json"), StandardCharsets.UTF_8))
                .contains("\"version\": \"4.4.0\"");
        String classes =
                new String(files.get("package/dist/cjs/nsfw_classes.js"), StandardCharsets.UTF_8);
        assertThat(NsfwjsBundleGenerator.classes(classes))
                .containsExactly("Drawing", "Hentai", "Neutral", "Porn", "Sexy");
    }
}
