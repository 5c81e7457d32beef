package dev.flinfer.tasks.textembedding;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.bundle.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken text model fails at open, naming the file and the problem: no first-record surprises.
 */
class TextModelStartupChecksTest {

    /** A copy of MiniLM's bundle in {@code dir} with {@code files} only. */
    private static Path copyOfMiniLm(Path dir, List<String> files) throws Exception {
        ModelBundle original = TestModels.minilmBundle();
        Path bundle = Files.createDirectories(dir.resolve("broken-minilm"));
        for (String file : files) {
            Files.copy(original.directory().resolve(file), bundle.resolve(file));
        }
        return bundle;
    }

    private static void assertFailsNaming(Path bundle, String file, String problem) {
        assertThatThrownBy(
                        () ->
                                TextEmbeddingModel.open(
                                        ModelBundle.open(bundle), TestModels.CPU_2_THREADS))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(bundle.resolve(file).toAbsolutePath().toString())
                .hasMessageContaining(problem);
    }

    @Test
    void aMissingTokenizerIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = copyOfMiniLm(dir, List.of(ModelBundle.MODEL, ModelBundle.CONFIG));
        assertFailsNaming(bundle, ModelBundle.TOKENIZER, "missing");
    }

    @Test
    void aTokenizerThatIsNotJsonIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = copyOfMiniLm(dir, List.of(ModelBundle.MODEL, ModelBundle.CONFIG));
        Files.writeString(bundle.resolve(ModelBundle.TOKENIZER), "{ this is not json");
        assertFailsNaming(bundle, ModelBundle.TOKENIZER, "not valid JSON");
    }

    @Test
    void aCorruptModelFileIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = copyOfMiniLm(dir, List.of(ModelBundle.CONFIG, ModelBundle.TOKENIZER));
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        Files.write(bundle.resolve(ModelBundle.MODEL), garbage);
        assertFailsNaming(bundle, ModelBundle.MODEL, "ONNX Runtime cannot load it");
    }

    @Test
    void aGraphWithOtherInputsThanATextEncoderIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = copyOfMiniLm(dir, List.of(ModelBundle.CONFIG, ModelBundle.TOKENIZER));
        // an image model's graph behind a text tokenizer: input 'x', no input_ids
        Files.copy(
                ModelCatalog.resolve("text-orientation").modelPath(),
                bundle.resolve(ModelBundle.MODEL));
        assertFailsNaming(bundle, ModelBundle.MODEL, "declares input 'x'");
    }

    @Test
    void aMissingConfigIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = copyOfMiniLm(dir, List.of(ModelBundle.MODEL, ModelBundle.TOKENIZER));
        assertThatThrownBy(() -> ModelBundle.open(bundle))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(
                        bundle.resolve(ModelBundle.CONFIG).toAbsolutePath().toString())
                .hasMessageContaining("missing");
    }
}
