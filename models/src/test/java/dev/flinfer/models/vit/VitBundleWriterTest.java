package dev.flinfer.models.vit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated bundle has the Hugging Face export files, and the seed alone decides its bytes. */
class VitBundleWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOtherBytes(@TempDir Path dir) throws Exception {
        VitConfig config = VitConfig.small(3).withSeed(11);
        VitGenerator.generate(config, dir.resolve("a"), false);
        VitGenerator.generate(config, dir.resolve("b"), false);
        VitGenerator.generate(config.withSeed(12), dir.resolve("c"), false);
        byte[] a = Files.readAllBytes(dir.resolve("a/model.onnx"));
        assertThat(a).isEqualTo(Files.readAllBytes(dir.resolve("b/model.onnx")));
        assertThat(a).isNotEqualTo(Files.readAllBytes(dir.resolve("c/model.onnx")));
    }

    @Test
    void configJsonDescribesTheViTAndItsLabels(@TempDir Path dir) throws Exception {
        VitConfig config = VitConfig.of(64, 16, 128, 3, 4, 2).withLabels(List.of("cat", "dog"));
        VitGenerator.generate(config, dir, false);
        JsonNode json = JSON.readTree(dir.resolve("config.json").toFile());
        assertThat(json.path("model_type").asText()).isEqualTo("vit");
        assertThat(json.path("image_size").asInt()).isEqualTo(64);
        assertThat(json.path("patch_size").asInt()).isEqualTo(16);
        assertThat(json.path("num_channels").asInt()).isEqualTo(3);
        assertThat(json.path("hidden_size").asInt()).isEqualTo(128);
        assertThat(json.path("num_hidden_layers").asInt()).isEqualTo(3);
        assertThat(json.path("num_attention_heads").asInt()).isEqualTo(4);
        assertThat(json.path("intermediate_size").asInt()).isEqualTo(512);
        assertThat(json.path("problem_type").asText()).isEqualTo("single_label_classification");
        assertThat(json.path("id2label").path("0").asText()).isEqualTo("cat");
        assertThat(json.path("id2label").path("1").asText()).isEqualTo("dog");
        assertThat(json.path("id2label").size()).isEqualTo(2);
        assertThat(json.path("label2id").path("dog").asInt()).isEqualTo(1);
    }

    @Test
    void aMultiLabelBundleSaysSo(@TempDir Path dir) throws Exception {
        VitGenerator.generate(VitConfig.small(3), dir, true);
        JsonNode json = JSON.readTree(dir.resolve("config.json").toFile());
        assertThat(json.path("problem_type").asText()).isEqualTo("multi_label_classification");
    }

    @Test
    void preprocessorConfigIsAViTImageProcessorForTheImageSize(@TempDir Path dir) throws Exception {
        VitGenerator.generate(VitConfig.small(3), dir, false);
        JsonNode json = JSON.readTree(dir.resolve("preprocessor_config.json").toFile());
        assertThat(json.path("image_processor_type").asText()).isEqualTo("ViTImageProcessor");
        assertThat(json.path("do_resize").asBoolean()).isTrue();
        assertThat(json.path("size").path("height").asInt()).isEqualTo(32);
        assertThat(json.path("size").path("width").asInt()).isEqualTo(32);
        assertThat(json.path("resample").asInt()).isEqualTo(2);
        assertThat(json.path("do_rescale").asBoolean()).isTrue();
        assertThat(json.path("rescale_factor").asDouble()).isEqualTo(0.00392156862745098);
        assertThat(json.path("do_normalize").asBoolean()).isTrue();
        assertThat(json.path("image_mean").toString()).isEqualTo("[0.5,0.5,0.5]");
        assertThat(json.path("image_std").toString()).isEqualTo("[0.5,0.5,0.5]");
    }
}
