package dev.flinfer.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.bundle.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the tokenizer does with MiniLM's bundle: its length limit, special tokens, truncation. */
class TextTokenizerTest {
    private static final long CLS = 101;
    private static final long SEP = 102;

    private static ModelBundle minilm;
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void open() {
        minilm = ModelCatalog.resolve("all-minilm-l6-v2");
        tokenizer = TextTokenizer.open(minilm);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void theMaxLengthComesFromSentenceBertConfig() {
        // tokenizer.json says 128 and config.json 512: sentence_bert_config.json's 256 wins
        assertThat(tokenizer.maxLength()).isEqualTo(256);
    }

    @Test
    void aShortTextIsNotPaddedAndIsWrappedInClsAndSep() {
        TokenizedText tokens = tokenizer.tokenize("the quick brown fox");

        // four word pieces plus [CLS] and [SEP], although tokenizer.json pads to 128
        assertThat(tokens.length()).isEqualTo(4 + 2);
        assertThat(tokens.ids()[0]).isEqualTo(CLS);
        assertThat(tokens.ids()[tokens.length() - 1]).isEqualTo(SEP);
        assertThat(tokens.ids()).doesNotContain(0L);
        assertThat(tokens.typeIds()).hasSize(tokens.length());
    }

    @Test
    void aVeryLongTextIsTruncatedToTheMaxLengthAndStillEndsWithSep() {
        TokenizedText tokens = tokenizer.tokenize("streaming ".repeat(5_000));

        assertThat(tokens.length()).isEqualTo(256);
        assertThat(tokens.typeIds()).hasSize(256);
        assertThat(tokens.ids()[0]).isEqualTo(CLS);
        assertThat(tokens.ids()[255]).isEqualTo(SEP);
    }

    /** A copy of MiniLM's bundle in {@code dir} without its tokenizer.json. */
    private static Path copyWithoutTokenizer(Path dir) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("minilm-copy"));
        for (String file : List.of(ModelBundle.MODEL, ModelBundle.CONFIG)) {
            Files.copy(minilm.directory().resolve(file), bundle.resolve(file));
        }
        return bundle;
    }

    @Test
    void aMissingTokenizerJsonIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = copyWithoutTokenizer(dir);
        ModelBundle copy = ModelBundle.open(bundle);

        assertThatThrownBy(() -> TextTokenizer.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(bundle.resolve("tokenizer.json").toAbsolutePath().toString())
                .hasMessageContaining("missing");
    }

    @Test
    void aTokenizerJsonThatIsNotJsonIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = copyWithoutTokenizer(dir);
        Files.writeString(bundle.resolve(ModelBundle.TOKENIZER), "{\"model\": {\"vocab\": [");
        ModelBundle copy = ModelBundle.open(bundle);

        assertThatThrownBy(() -> TextTokenizer.open(copy))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(bundle.resolve("tokenizer.json").toAbsolutePath().toString())
                .hasMessageContaining("not valid JSON");
    }
}
