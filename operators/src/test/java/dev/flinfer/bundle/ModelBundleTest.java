package dev.flinfer.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a bundle checks its files and names the offending one; the catalog resolves names. */
class ModelBundleTest {
    private static final String MINILM = "all-minilm-l6-v2";

    /** A bundle in {@code dir} with a small non-empty model.onnx and the given config.json. */
    private static Path bundleWith(Path dir, String config) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("my-model"));
        Files.write(bundle.resolve(ModelBundle.MODEL), new byte[] {1, 2, 3});
        Files.writeString(bundle.resolve(ModelBundle.CONFIG), config);
        return bundle;
    }

    private static void assertFailsNaming(Path bundle, Path file, String problem) {
        assertThatThrownBy(() -> ModelBundle.open(bundle))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining(problem);
    }

    @Test
    void aMissingDirectoryIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere");
        assertFailsNaming(missing, missing, "not a directory");
    }

    @Test
    void aDirectoryWithoutModelOnnxNamesTheModelFile(@TempDir Path dir) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("no-model"));
        Files.writeString(bundle.resolve(ModelBundle.CONFIG), "{}");
        assertFailsNaming(bundle, bundle.resolve(ModelBundle.MODEL), "missing");
    }

    @Test
    void anEmptyModelOnnxIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = bundleWith(dir, "{}");
        Files.write(bundle.resolve(ModelBundle.MODEL), new byte[0]);
        assertFailsNaming(bundle, bundle.resolve(ModelBundle.MODEL), "empty file");
    }

    @Test
    void aConfigThatIsNotJsonIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = bundleWith(dir, "{ \"hidden_size\": 384, oops");
        assertFailsNaming(bundle, bundle.resolve(ModelBundle.CONFIG), "not valid JSON");
    }

    @Test
    void aConfigThatIsAJsonArrayIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = bundleWith(dir, "[1, 2, 3]");
        assertFailsNaming(bundle, bundle.resolve(ModelBundle.CONFIG), "expected a JSON object");
    }

    @Test
    void aValidBundleOpensWithAShaVersion(@TempDir Path dir) throws Exception {
        Path original = ModelCatalog.resolve(MINILM).directory();
        Path copy = Files.createDirectories(dir.resolve("copied-minilm"));
        try (var files = Files.list(original)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }

        ModelBundle bundle = ModelBundle.open(copy);

        assertThat(bundle.name()).isEqualTo("copied-minilm");
        assertThat(bundle.version()).startsWith("sha256:").hasSize("sha256:".length() + 12);
        assertThat(bundle.version()).isEqualTo(ModelCatalog.resolve(MINILM).version());
        assertThat(bundle.modelPath()).isEqualTo(copy.toAbsolutePath().resolve("model.onnx"));
        assertThat(bundle.hasFile(ModelBundle.TOKENIZER)).isTrue();
    }

    @Test
    void anUnknownModelNameIsNamedWithTheBundledNames() {
        assertThatThrownBy(() -> ModelCatalog.resolve("no-such-model"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no-such-model")
                .hasMessageContaining("all-minilm-l6-v2")
                .hasMessageContaining("all-minilm-l6-v2-int8");
        assertThat(ModelCatalog.bundledNames())
                .contains("all-minilm-l6-v2", "all-minilm-l6-v2-int8");
    }

    @Test
    void resolvingABundledNameTwiceReturnsTheSameDirectory() {
        ModelBundle first = ModelCatalog.resolve(MINILM);
        ModelBundle second = ModelCatalog.resolve(MINILM);

        assertThat(second.directory()).isEqualTo(first.directory());
        assertThat(first.name()).isEqualTo(MINILM);
        assertThat(second.version()).isEqualTo(first.version());
    }
}
