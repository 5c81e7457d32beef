package dev.flinfer.models.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.models.decoder.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle: the same bytes twice, a config.json in Llama's names, the decoder tokenizer. */
class LlamaGeneratorTest {
    @Test
    void theBundleRepeatsAndItsConfigSpeaksLlama(@TempDir Path dir) throws Exception {
        LlamaConfig config = LlamaConfig.tinyMiniLm();
        LlamaGenerator.generate(config, Prompts.tokenizer(), dir.resolve("a"));
        LlamaGenerator.generate(config, Prompts.tokenizer(), dir.resolve("b"));
        for (String file :
                new String[] {
                    "model.onnx", "config.json", "generation_config.json", "tokenizer.json"
                }) {
            assertThat(dir.resolve("a").resolve(file))
                    .as(file)
                    .hasSameBinaryContentAs(dir.resolve("b").resolve(file));
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode c = json.readTree(dir.resolve("a/config.json").toFile());
        assertThat(c.path("model_type").asText()).isEqualTo("llama");
        assertThat(c.path("architectures").get(0).asText()).isEqualTo("LlamaForCausalLM");
        assertThat(c.path("hidden_size").asInt()).isEqualTo(64);
        assertThat(c.path("intermediate_size").asInt()).isEqualTo(128);
        assertThat(c.path("num_hidden_layers").asInt()).isEqualTo(2);
        assertThat(c.path("num_attention_heads").asInt()).isEqualTo(4);
        assertThat(c.path("num_key_value_heads").asInt()).isEqualTo(2);
        assertThat(c.path("head_dim").asInt()).isEqualTo(16);
        assertThat(c.path("max_position_embeddings").asInt()).isEqualTo(256);
        assertThat(c.path("rms_norm_eps").asDouble()).isCloseTo(1e-6, offset(1e-9));
        assertThat(c.path("rope_theta").asDouble()).isEqualTo(10000.0);
        assertThat(c.path("tie_word_embeddings").asBoolean(true)).isFalse();
        assertThat(c.path("vocab_size").asInt()).isEqualTo(30522);
        assertThat(c.path("bos_token_id").asInt()).isEqualTo(101);
        assertThat(c.path("eos_token_id").asInt()).isEqualTo(102);
        assertThat(c.path("pad_token_id").asInt()).isEqualTo(0);
        assertThat(c.path("flinfer_generated").path("description").asText())
                .contains("not trained", "length prior");
        JsonNode tokenizer = json.readTree(dir.resolve("a/tokenizer.json").toFile());
        assertThat(tokenizer.get("post_processor").isNull()).isTrue();
        assertThat(Files.size(dir.resolve("a/model.onnx"))).isBetween(12_000_000L, 20_000_000L);
    }
}
