package dev.flinfer.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.tasks.textembedding.TestModels;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token ids of MiniLM's tokenizer.json match Hugging Face's. The expected ids were produced outside
 * this project by two independent implementations that agreed on every string: the `tokenizers` npm
 * package 0.23.2 (Hugging Face's Rust code) and `@huggingface/transformers` 4.3.2 (its JavaScript
 * port), with padding and truncation off. Accents are stripped because the normaliser's
 * strip_accents is null and lowercase is true.
 */
class TokenizerParityTest {
    private static final Object[][] CASES = {
        {"Hello, world!", new long[] {101, 7592, 1010, 2088, 999, 102}},
        {
            "The quick brown fox jumps over the lazy dog.",
            new long[] {101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012, 102}
        },
        {
            "Caf\u00E9 na\u00EFve r\u00E9sum\u00E9 \u2014 Z\u00FCrich",
            new long[] {101, 7668, 15743, 13746, 1517, 10204, 102}
        },
        {
            "\u6771\u4EAC\u306F\u65E5\u672C\u306E\u9996\u90FD\u3067\u3059",
            new long[] {101, 1879, 1755, 1672, 1864, 1876, 1671, 100, 1961, 1665, 30184, 102}
        },
        {
            "\u041F\u0440\u0438\u0432\u0435\u0442, \u043A\u0430\u043A \u0434\u0435\u043B\u0430?",
            new long[] {
                101, 1194, 16856, 10325, 25529, 15290, 22919, 1010, 1189, 10260, 23925, 1184, 15290,
                29436, 10260, 1029, 102
            }
        },
        {
            "I \u2764\uFE0F streaming \uD83D\uDE80 with Flink",
            new long[] {101, 1045, 100, 11058, 100, 2007, 13109, 19839, 102}
        },
        {
            "unaffable preprocessing tokenization",
            new long[] {101, 14477, 20961, 3468, 17463, 3217, 9623, 7741, 19204, 3989, 102}
        },
        {"", new long[] {101, 102}},
        {"   leading and trailing spaces   ", new long[] {101, 2877, 1998, 12542, 7258, 102}},
        {
            "e-mail: user@example.com, price $3.50",
            new long[] {
                101, 1041, 1011, 5653, 1024, 5310, 1030, 2742, 1012, 4012, 1010, 3976, 1002, 1017,
                1012, 2753, 102
            }
        },
    };

    private static TextTokenizer tokenizer;

    @BeforeAll
    static void open() {
        tokenizer = TextTokenizer.open(TestModels.minilmBundle());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void tokenIdsMatchHuggingFacesForAsciiAndNonAsciiText() {
        for (Object[] testCase : CASES) {
            String text = (String) testCase[0];
            long[] expected = (long[]) testCase[1];
            TokenizedText tokens = tokenizer.tokenize(text);
            assertThat(tokens.ids()).as("ids of '%s'", text).containsExactly(expected);
            long[] zeros = new long[expected.length];
            assertThat(tokens.typeIds()).as("type ids of '%s'", text).containsExactly(zeros);
        }
    }

    @Test
    void truncationKeepsTheSeparatorAtTheModelsMaxLength() {
        TokenizedText tokens =
                tokenizer.tokenize("The quick brown fox jumps over the lazy dog. ".repeat(40));
        long[] ids = tokens.ids();
        assertThat(ids).hasSize(256);
        assertThat(Arrays.copyOfRange(ids, 253, 256)).containsExactly(2829, 4419, 102);
        assertThat(ids[0]).isEqualTo(101);
    }
}
