package dev.flinfer.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.bundle.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository of numbered versions on the local disk and on a file system that is not local. */
class ModelRepositoryTest {
    @TempDir Path root;

    private Path version(String model, int version) throws Exception {
        Path dir = root.resolve(model).resolve(String.valueOf(version));
        Files.createDirectories(dir);
        try (Stream<Path> files =
                Files.list(ModelCatalog.resolve("all-minilm-l6-v2").directory())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, dir.resolve(file.getFileName().toString()));
            }
        }
        return dir;
    }

    @Test
    void theVersionsAreTheNumberedDirectoriesAndTheNewestServesUnlessOneIsPinned()
            throws Exception {
        version("encoder", 1);
        version("encoder", 10);
        version("encoder", 2);
        Files.createDirectories(root.resolve("encoder").resolve("latest"));
        Files.createDirectories(root.resolve("encoder").resolve("07"));
        Files.writeString(root.resolve("encoder").resolve("3"), "a file, not a version");

        ModelRepository all = ModelRepository.of(root.resolve("encoder").toString());
        assertThat(all.name()).isEqualTo("encoder");
        assertThat(all.versions()).containsExactly(1, 2, 10);
        assertThat(all.newest()).isEqualTo(10);
        assertThat(all.pinned()).isEmpty();
        assertThat(all.initialVersion()).isEqualTo(10);

        ModelRepository pinned = ModelRepository.of(root.resolve("encoder/2/").toString());
        assertThat(pinned.name()).isEqualTo("encoder");
        assertThat(pinned.pinned()).hasValue(2);
        assertThat(pinned.initialVersion()).isEqualTo(2);
        assertThat(pinned.exists(10)).isTrue();
        assertThat(pinned.exists(3)).isFalse();
    }

    @Test
    void aVersionIsABundleNamedForTheModelWithItsNumberAsVersion() throws Exception {
        Path dir = version("encoder", 4);
        ModelRepository repository = ModelRepository.of(root.resolve("encoder").toString());
        assertThat(repository.localDirectory(4)).isEqualTo(dir);
        ModelBundle bundle = repository.bundle(4);
        assertThat(bundle.name()).isEqualTo("encoder");
        assertThat(bundle.version()).isEqualTo("4");
    }

    @Test
    void whatIsAVersionedModelAndWhatIsNot() throws Exception {
        Path single = version("encoder", 1);
        assertThat(ModelRepository.isVersioned(root.resolve("encoder").toString())).isTrue();
        assertThat(ModelRepository.isVersioned(single.toString())).isTrue();
        assertThat(ModelRepository.isVersioned("s3://bucket/models/encoder")).isTrue();
        assertThat(ModelRepository.isVersioned("all-minilm-l6-v2")).isFalse();
        assertThat(
                        ModelRepository.isVersioned(
                                ModelCatalog.resolve("all-minilm-l6-v2").directory().toString()))
                .as("a bundle directory")
                .isFalse();
        assertThat(ModelRepository.isVersioned(root.resolve("missing").toString())).isFalse();
    }

    @Test
    void aVersionOnANonLocalFileSystemIsCopiedOnceIntoALocalDirectory() throws Exception {
        Path source = version("remote-encoder", 1);
        ModelRepository repository =
                ModelRepository.of(
                        CopiedFileSystemFactory.SCHEME + "://" + root.resolve("remote-encoder"));
        assertThat(repository.versions()).containsExactly(1);

        Path local = repository.localDirectory(1);
        assertThat(local).isNotEqualTo(source);
        assertThat(local.startsWith(Path.of(System.getProperty("java.io.tmpdir")))).isTrue();
        assertThat(local.getFileName().toString()).isEqualTo("1");
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                assertThat(local.resolve(file.getFileName().toString()))
                        .as(file.getFileName().toString())
                        .hasSameBinaryContentAs(file);
            }
        }
        assertThat(repository.localDirectory(1)).as("copied once").isEqualTo(local);
        assertThat(repository.bundle(1).version()).isEqualTo("1");
    }

    @Test
    void missingVersionsAndEmptyRepositoriesFailNamingTheLocation() throws Exception {
        Files.createDirectories(root.resolve("empty"));
        ModelRepository empty = ModelRepository.of(root.resolve("empty").toString());
        assertThatThrownBy(empty::newest)
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("holds no numbered version directories")
                .hasMessageContaining(root.resolve("empty").toString());
        assertThatThrownBy(() -> empty.localDirectory(3))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not exist");
        ModelRepository missing = ModelRepository.of(root.resolve("nowhere").toString());
        assertThatThrownBy(missing::versions)
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not exist");
    }
}
