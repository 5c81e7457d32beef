package dev.flinfer.models.vit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line writes the bundle it is asked for, and names what is wrong when it cannot. */
class VitGeneratorTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return VitGenerator.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theSizeFlagsOverrideThePresetAndTheBundleIsWritten(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("vit");
        int code =
                run(
                        "--out",
                        bundle.toString(),
                        "--preset",
                        "small",
                        "--labels",
                        "5",
                        "--seed",
                        "3",
                        "--image-size",
                        "16",
                        "--patch",
                        "8",
                        "--hidden",
                        "32",
                        "--layers",
                        "1",
                        "--heads",
                        "2",
                        "--multi-label");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Wrote " + bundle, "hidden 32", "5 labels (multi-label)", "model.onnx");
        JsonNode config = new ObjectMapper().readTree(bundle.resolve("config.json").toFile());
        assertThat(config.path("image_size").asInt()).isEqualTo(16);
        assertThat(config.path("num_hidden_layers").asInt()).isEqualTo(1);
        assertThat(config.path("id2label").size()).isEqualTo(5);
        assertThat(config.path("problem_type").asText()).isEqualTo("multi_label_classification");
        VitConfig expected = new VitConfig(16, 8, 3, 32, 1, 2, 128, 5, 3, null);
        Path same = dir.resolve("same");
        VitGenerator.generate(expected, same, true);
        assertThat(Files.readAllBytes(bundle.resolve("model.onnx")))
                .isEqualTo(Files.readAllBytes(same.resolve("model.onnx")));
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheFlag(@TempDir Path dir) {
        assertThat(run("--out", dir.toString(), "--labels", "many")).isEqualTo(2);
        assertThat(run("--out", dir.toString(), "--preset", "huge")).isEqualTo(2);
        assertThat(run("--out", dir.toString(), "--heads", "5")).isEqualTo(2);
        assertThat(run("--preset", "small")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "--labels expects an integer, got 'many'",
                        "Unknown --preset 'huge': small or base",
                        "hidden (64) must be a multiple of heads (5)",
                        "Missing --out DIR",
                        "Usage: VitGenerator");
    }

    @Test
    void aModelTooLargeForOneOnnxFileIsRefusedBeforeAnyWeightIsMade(@TempDir Path dir) {
        VitConfig huge = VitConfig.of(224, 16, 4096, 48, 32, 10);
        assertThatThrownBy(() -> VitGenerator.generate(huge, dir, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hidden=4096")
                .hasMessageContaining("above the 2 GB an ONNX file can hold");
    }
}
