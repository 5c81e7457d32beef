package dev.flinfer.models.gpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.models.decoder.DecoderOrt;
import dev.flinfer.models.decoder.Greedy;
import dev.flinfer.models.decoder.Prompts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Greedy decoding on ONNX Runtime gives the same tokens with the key/value cache as without it, the
 * same for a prompt in a left-padded batch as alone, and (by the length prior) ends at EOS for most
 * prompts after lengths that spread.
 */
class GptDecodingTest {
    private static final GptConfig CONFIG = GptConfig.tinyMiniLm();
    private static GptWeights weights;
    private static DecoderOrt onnx;
    private static List<Integer> words;

    @BeforeAll
    static void build() throws Exception {
        weights = GptWeights.generate(CONFIG);
        onnx = new DecoderOrt(CONFIG.dims(), GptGraph.build(CONFIG, weights).toByteArray());
        words = Prompts.wordIds();
    }

    @AfterAll
    static void close() throws Exception {
        onnx.close();
    }

    @Test
    void greedyDecodingWithTheCacheEqualsRerunningTheWholeSequence() throws Exception {
        List<int[]> prompts = Prompts.random(words, 4, 3, 20, 11);
        List<int[]> cached = Greedy.decode(onnx, CONFIG.dims(), prompts, 24, true);
        List<int[]> rerun = Greedy.decode(onnx, CONFIG.dims(), prompts, 24, false);
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(cached.get(i)).as("prompt %d", i).isEqualTo(rerun.get(i));
        }
    }

    @Test
    void aPromptInALeftPaddedBatchGetsTheTokensItGetsAlone() throws Exception {
        List<int[]> prompts = Prompts.random(words, 6, 3, 30, 12);
        List<int[]> together = Greedy.decode(onnx, CONFIG.dims(), prompts, 64, true);
        for (int i = 0; i < prompts.size(); i++) {
            List<int[]> alone =
                    Greedy.decode(onnx, CONFIG.dims(), List.of(prompts.get(i)), 64, true);
            assertThat(together.get(i)).as("prompt %d", i).isEqualTo(alone.get(0));
        }
    }

    @Test
    void thePlainJavaForwardPassDecodesTheSameTokens() throws Exception {
        List<int[]> prompts = Prompts.random(words, 2, 4, 9, 13);
        GptForward java = new GptForward(CONFIG, weights);
        assertThat(Greedy.decode(java::run, CONFIG.dims(), prompts, 8, true))
                .containsExactlyElementsOf(Greedy.decode(onnx, CONFIG.dims(), prompts, 8, true));
    }

    @Test
    void theLengthPriorEndsMostPromptsAtEosAfterLengthsThatSpread() throws Exception {
        List<int[]> prompts = Prompts.random(words, 50, 3, 30, 1);
        List<Integer> lengths = new ArrayList<>();
        for (int[] tokens : Greedy.decode(onnx, CONFIG.dims(), prompts, 64, true)) {
            if (tokens[tokens.length - 1] == CONFIG.eosTokenId()) {
                lengths.add(tokens.length);
            }
        }
        lengths.sort(null);
        System.out.println("GPT length prior: " + lengths.size() + "/50 end at EOS " + lengths);
        assertThat(lengths).hasSizeGreaterThanOrEqualTo(40);
        assertThat(lengths.get(lengths.size() / 2)).isBetween(10, 50);
        assertThat(lengths.stream().filter(n -> n >= 4 && n <= 15)).hasSizeGreaterThanOrEqualTo(5);
        assertThat(lengths.stream().filter(n -> n >= 40)).hasSizeGreaterThanOrEqualTo(5);
    }
}
