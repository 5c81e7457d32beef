package dev.flinfer.models.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.models.decoder.Prompts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator writes the same bundle every time, in GPT-2's names, with a decoder tokenizer. */
class GptGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GptGenerator.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void twoRunsWriteTheSameBytesAndEveryFileOfTheBundle(@TempDir Path dir) throws Exception {
        GptConfig config = GptConfig.tinyMiniLm();
        GptGenerator.generate(config, Prompts.tokenizer(), dir.resolve("a"));
        GptGenerator.generate(config, Prompts.tokenizer(), dir.resolve("b"));
        for (String file :
                new String[] {
                    GptBundleWriter.MODEL_FILE,
                    GptBundleWriter.CONFIG_FILE,
                    GptBundleWriter.GENERATION_CONFIG_FILE,
                    GptBundleWriter.TOKENIZER_FILE
                }) {
            assertThat(Files.readAllBytes(dir.resolve("a").resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
        }
        assertThat(Files.size(dir.resolve("a/model.onnx"))).isBetween(7_000_000L, 12_000_000L);
    }

    @Test
    void configAndTokenizerAreThoseOfAGpt2DecoderOverTheMiniLmVocabulary(@TempDir Path dir)
            throws Exception {
        GptGenerator.generate(GptConfig.tinyMiniLm().withSeed(5), Prompts.tokenizer(), dir);
        JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
        assertThat(config.path("model_type").asText()).isEqualTo("gpt2");
        assertThat(config.path("architectures").get(0).asText()).isEqualTo("GPT2LMHeadModel");
        assertThat(config.path("vocab_size").asInt()).isEqualTo(30522);
        assertThat(config.path("n_embd").asInt()).isEqualTo(64);
        assertThat(config.path("n_layer").asInt()).isEqualTo(2);
        assertThat(config.path("n_head").asInt()).isEqualTo(4);
        assertThat(config.path("n_positions").asInt()).isEqualTo(256);
        assertThat(config.path("n_ctx").asInt()).isEqualTo(256);
        assertThat(config.path("bos_token_id").asInt()).isEqualTo(101);
        assertThat(config.path("eos_token_id").asInt()).isEqualTo(102);
        assertThat(config.path("pad_token_id").asInt()).isEqualTo(0);
        assertThat(config.path("flinfer_generated").path("seed").asLong()).isEqualTo(5);
        assertThat(config.path("flinfer_generated").path("description").asText())
                .contains("not trained", "length prior");
        JsonNode generation = JSON.readTree(dir.resolve("generation_config.json").toFile());
        assertThat(generation.path("eos_token_id").asInt()).isEqualTo(102);
        assertThat(generation.path("max_length").asInt()).isEqualTo(256);
        JsonNode tokenizer = JSON.readTree(dir.resolve("tokenizer.json").toFile());
        assertThat(tokenizer.get("post_processor").isNull()).isTrue();
        assertThat(tokenizer.get("padding").isNull()).isTrue();
        assertThat(tokenizer.get("truncation").isNull()).isTrue();
        assertThat(tokenizer.path("model").path("vocab").size()).isEqualTo(30522);
    }

    @Test
    void aTokenizerOfAnotherVocabularySizeIsRefused(@TempDir Path dir) {
        GptConfig config = new GptConfig(1000, 16, 1, 2, 32, 1, 2, 0, 1);
        assertThatThrownBy(() -> GptGenerator.generate(config, Prompts.tokenizer(), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 30522 tokens but the config's vocabSize is 1000");
    }

    @Test
    void theCommandLineWritesTheBundleAndSkipsItWhenUpToDate(@TempDir Path dir) throws Exception {
        String tokenizer = Prompts.tokenizer().toString();
        Path bundle = dir.resolve("gpt");
        assertThat(run("--tokenizer", tokenizer, "--out", bundle.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wrote " + bundle, "seed 42");
        assertThat(
                        run(
                                "--tokenizer",
                                tokenizer,
                                "--out",
                                bundle.toString(),
                                "--skip-if-up-to-date"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Up to date: " + bundle);
    }

    @Test
    void withoutArgumentsTheCommandLinePrintsTheUsageAndExitsWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("--tokenizer", "t.json", "--out", "o", "--seed", "x")).isEqualTo(2);
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "--tokenizer and --out are required",
                        "--seed expects a long, got 'x'",
                        "Unknown option --frobnicate",
                        "Usage: GptGenerator");
    }
}
