package dev.flinfer.tasks.generation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.generation.Decoding;
import dev.flinfer.session.SessionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken generation bundle fails at start, naming the file and what is wrong with it. */
class GenerationStartupChecksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private static GenerationModel open(Path bundle, boolean encoderDecoder) {
        return GenerationModel.open(
                ModelBundle.open(bundle),
                SessionSettings.cpu(1),
                Decoding.greedy(8),
                "{text}",
                encoderDecoder);
    }

    private Path copy(String bundled) throws IOException {
        Path source = ModelCatalog.resolve(bundled).directory();
        Path target = dir.resolve(bundled);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    @Test
    void aDecoderOnlyBundleWithoutItsGraphNamesTheFilesItNeeds() throws IOException {
        Path bundle = copy("gpt2-tiny-seeded");
        Files.delete(bundle.resolve("model.onnx"));
        Files.writeString(bundle.resolve("decoder_with_past_model.onnx"), "not a graph");

        assertThatThrownBy(() -> open(bundle, false))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no decoder graph")
                .hasMessageContaining("model.onnx or decoder_model_merged.onnx");
    }

    @Test
    void cacheInputsThatDoNotMatchTheLayerCountAreRefused() throws IOException {
        Path bundle = copy("gpt2-tiny-seeded");
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        config.put("n_layer", 3);
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);

        assertThatThrownBy(() -> open(bundle, false))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.onnx declares cache inputs for 2 layers")
                .hasMessageContaining("config.json says 3 decoder layers");
    }

    @Test
    void headsThatDoNotMatchTheCacheShapeAreRefused() throws IOException {
        Path bundle = copy("gpt2-tiny-seeded");
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        config.put("n_head", 8);
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);

        assertThatThrownBy(() -> open(bundle, false))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("its cache has 4 heads")
                .hasMessageContaining("gives 8");
    }

    @Test
    void aBundleWithoutEndOfSequenceIsRefused() throws IOException {
        Path bundle = copy("gpt2-tiny-seeded");
        for (String file : new String[] {"config.json", "generation_config.json"}) {
            ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve(file).toFile());
            config.remove("eos_token_id");
            JSON.writeValue(bundle.resolve(file).toFile(), config);
        }

        assertThatThrownBy(() -> open(bundle, false))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no eos_token_id");
    }

    @Test
    void theTaskAndTheBundleFamilyMustAgree() throws IOException {
        Path bundle = copy("gpt2-tiny-seeded");

        assertThatThrownBy(() -> open(bundle, true))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("text2text needs an encoder-decoder bundle");
    }
}
