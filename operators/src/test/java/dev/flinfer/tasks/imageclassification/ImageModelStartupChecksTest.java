package dev.flinfer.tasks.imageclassification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.models.vit.VitConfig;
import dev.flinfer.models.vit.VitGenerator;
import dev.flinfer.session.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken image model fails at open, naming the file and the problem; a sound one opens. */
class ImageModelStartupChecksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SessionSettings CPU = SessionSettings.cpu(1);

    private static Path vit(Path dir) throws Exception {
        Path bundle = dir.resolve("vit");
        VitGenerator.generate(VitConfig.small(4), bundle, false);
        return bundle;
    }

    private static void assertFails(Path bundle, String file, String problem) {
        assertThatThrownBy(() -> ImageClassificationModel.open(ModelBundle.open(bundle), CPU, 0))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(bundle.resolve(file).toString())
                .hasMessageContaining(problem);
    }

    @Test
    void aGeneratedVitOpensWithItsLabels(@TempDir Path dir) throws Exception {
        try (ImageClassificationModel model =
                ImageClassificationModel.open(ModelBundle.open(vit(dir)), CPU, 0)) {
            assertThat(model.numLabels()).isEqualTo(4);
            assertThat(model.preprocessor().height()).isEqualTo(32);
        }
    }

    @Test
    void labelsThatDoNotMatchTheOutputSizeAreNamed(@TempDir Path dir) throws Exception {
        Path bundle = vit(dir);
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        config.putObject("id2label").put("0", "cat").put("1", "dog").put("2", "bird");
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);
        assertFails(bundle, "config.json", "id2label has 3 labels but");
    }

    @Test
    void aMissingPreprocessorConfigIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = vit(dir);
        Files.delete(bundle.resolve("preprocessor_config.json"));
        assertFails(bundle, "preprocessor_config.json", "missing");
    }

    @Test
    void aPreprocessingSizeTheGraphDoesNotTakeIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = vit(dir);
        ObjectNode pre =
                (ObjectNode) JSON.readTree(bundle.resolve("preprocessor_config.json").toFile());
        pre.putObject("size").put("height", 64).put("width", 64);
        JSON.writeValue(bundle.resolve("preprocessor_config.json").toFile(), pre);
        assertFails(bundle, "model.onnx", "produces [N,3,64,64]");
    }

    @Test
    void aTextModelBehindAnImageBundleIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = vit(dir);
        Files.copy(
                ModelCatalog.resolve("all-minilm-l6-v2").modelPath(),
                bundle.resolve("model.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        assertFails(bundle, "model.onnx", "an image classifier takes one input");
    }

    @Test
    void aBadPreprocessorConfigIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = vit(dir);
        Files.writeString(
                bundle.resolve("preprocessor_config.json"), "{\"size\": {\"shortest_edge\": 32}}");
        assertFails(bundle, "preprocessor_config.json", "size");
    }
}
