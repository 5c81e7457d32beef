package dev.flinfer.models.t5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator writes the same bytes each run, the files of its layout, and usable JSON. */
class T5GeneratorTest {
    private static final String[] MERGED_FILES = {
        T5Generator.ENCODER_FILE,
        T5Generator.MERGED_DECODER_FILE,
        "config.json",
        "generation_config.json",
        "tokenizer.json"
    };

    @Test
    void twoRunsWriteTheSameBytes(@TempDir Path dir) throws Exception {
        Path tokenizer = T5Ort.minilmTokenizer();
        T5Generator.generate(T5Config.tiny(), tokenizer, dir.resolve("a"), T5Generator.Layout.PAIR);
        T5Generator.generate(T5Config.tiny(), tokenizer, dir.resolve("b"), T5Generator.Layout.PAIR);
        for (String file :
                new String[] {T5Generator.DECODER_FILE, T5Generator.DECODER_WITH_PAST_FILE}) {
            assertThat(Files.mismatch(dir.resolve("a/" + file), dir.resolve("b/" + file)))
                    .as(file)
                    .isEqualTo(-1);
        }
        for (String file : MERGED_FILES) {
            assertThat(Files.mismatch(dir.resolve("a/" + file), dir.resolve("b/" + file)))
                    .as(file)
                    .isEqualTo(-1);
        }
    }

    @Test
    void theMergedLayoutWritesNoPair(@TempDir Path dir) throws Exception {
        T5Generator.generate(
                T5Config.tiny(), T5Ort.minilmTokenizer(), dir, T5Generator.Layout.MERGED);
        for (String file : MERGED_FILES) {
            assertThat(dir.resolve(file)).isRegularFile();
        }
        assertThat(dir.resolve(T5Generator.DECODER_FILE)).doesNotExist();
        assertThat(dir.resolve(T5Generator.DECODER_WITH_PAST_FILE)).doesNotExist();
    }

    @Test
    void theConfigUsesHuggingFaceT5Names() throws Exception {
        JsonNode config =
                new ObjectMapper().readTree(T5Ort.bundle().resolve("config.json").toFile());
        assertThat(config.get("model_type").asText()).isEqualTo("t5");
        assertThat(config.get("architectures").get(0).asText())
                .isEqualTo("T5ForConditionalGeneration");
        assertThat(config.get("vocab_size").asInt()).isEqualTo(30522);
        assertThat(config.get("d_model").asInt()).isEqualTo(64);
        assertThat(config.get("num_decoder_layers").asInt()).isEqualTo(2);
        assertThat(config.get("decoder_start_token_id").asInt()).isZero();
        assertThat(config.get("eos_token_id").asInt()).isEqualTo(102);
        assertThat(config.get("tie_word_embeddings").asBoolean()).isTrue();
        assertThat(config.get("flinfer_generated").get("seed").asLong())
                .isEqualTo(T5Config.DEFAULT_SEED);
    }

    @Test
    void theTokenizerAppendsSepAndNoClsAndDoesNotPad() throws Exception {
        Path file = T5Ort.bundle().resolve("tokenizer.json");
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file)) {
            Encoding encoding = tokenizer.encode("hello world");
            assertThat(encoding.getIds()).containsExactly(7592, 2088, 102);
        }
    }

    @Test
    void theBuildWritesTheBundleOnTheClasspath() {
        assertThat(
                        getClass()
                                .getClassLoader()
                                .getResource("flinfer/models/t5-tiny-seeded/encoder_model.onnx"))
                .isNotNull();
        assertThat(
                        getClass()
                                .getClassLoader()
                                .getResource(
                                        "flinfer/models/t5-tiny-seeded/decoder_model_merged.onnx"))
                .isNotNull();
    }

    @Test
    void mainWritesThePairWhenAskedAndSkipsABundleThatIsUpToDate(@TempDir Path dir)
            throws Exception {
        String[] args = {
            "--tokenizer",
            T5Ort.minilmTokenizer().toString(),
            "--out",
            dir.toString(),
            "--layout",
            "pair",
            "--skip-if-up-to-date"
        };
        T5Generator.main(args);
        assertThat(dir.resolve(T5Generator.DECODER_WITH_PAST_FILE)).isRegularFile();
        Path encoder = dir.resolve(T5Generator.ENCODER_FILE);
        FileTime written = Files.getLastModifiedTime(encoder);
        T5Generator.main(args);
        assertThat(Files.getLastModifiedTime(encoder)).isEqualTo(written);
    }

    @Test
    void mainWithoutArgumentsFailsWithTheUsage() {
        assertThatThrownBy(() -> T5Generator.main(new String[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tokenizer and --out are required")
                .hasMessageContaining("Usage: T5Generator");
    }

    @Test
    void mainRejectsAnUnknownLayout() {
        assertThatThrownBy(() -> T5Generator.main(new String[] {"--layout", "split"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--layout must be merged or pair, got split");
    }
}
