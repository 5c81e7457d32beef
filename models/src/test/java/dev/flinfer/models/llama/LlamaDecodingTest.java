package dev.flinfer.models.llama;

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
 * Greedy decoding of the generated Llama on ONNX Runtime: the cache changes nothing, neither does
 * the batch a prompt shares, the same config gives the same model, and the length prior ends most
 * prompts at EOS at spread lengths.
 */
class LlamaDecodingTest {
    private static final LlamaConfig CONFIG = LlamaConfig.tinyMiniLm();
    private static LlamaWeights weights;
    private static DecoderOrt onnx;
    private static List<Integer> words;

    @BeforeAll
    static void build() throws Exception {
        weights = LlamaWeights.generate(CONFIG);
        onnx = new DecoderOrt(CONFIG.dims(), LlamaGraph.build(CONFIG, weights).toByteArray());
        words = Prompts.wordIds();
    }

    @AfterAll
    static void close() throws Exception {
        onnx.close();
    }

    @Test
    void withTheCacheGreedyDecodingGivesTheTokensOfRerunningTheSequence() throws Exception {
        List<int[]> prompts = Prompts.random(words, 4, 2, 18, 21);
        List<int[]> rerun = Greedy.decode(onnx, CONFIG.dims(), prompts, 20, false);
        assertThat(Greedy.decode(onnx, CONFIG.dims(), prompts, 20, true))
                .containsExactlyElementsOf(rerun);
    }

    @Test
    void aPromptInABatchOfMixedLengthsGetsTheTokensItGetsAlone() throws Exception {
        List<int[]> prompts = Prompts.random(words, 5, 2, 28, 22);
        List<int[]> batched = Greedy.decode(onnx, CONFIG.dims(), prompts, 48, true);
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(batched.get(i))
                    .as("prompt %d", i)
                    .isEqualTo(
                            Greedy.decode(onnx, CONFIG.dims(), List.of(prompts.get(i)), 48, true)
                                    .get(0));
        }
    }

    @Test
    void thePlainJavaPassDecodesTheSameTokensAndTheModelIsDeterministic() throws Exception {
        List<int[]> prompts = Prompts.random(words, 2, 3, 8, 23);
        LlamaForward java = new LlamaForward(CONFIG, weights);
        List<int[]> fromOnnx = Greedy.decode(onnx, CONFIG.dims(), prompts, 6, true);
        assertThat(Greedy.decode(java::run, CONFIG.dims(), prompts, 6, true))
                .containsExactlyElementsOf(fromOnnx);
        try (DecoderOrt again =
                new DecoderOrt(
                        CONFIG.dims(),
                        LlamaGraph.build(CONFIG, LlamaWeights.generate(CONFIG)).toByteArray())) {
            assertThat(Greedy.decode(again, CONFIG.dims(), prompts, 6, true))
                    .containsExactlyElementsOf(fromOnnx);
        }
        assertThat(LlamaGraph.build(CONFIG, weights).toByteArray())
                .isEqualTo(LlamaGraph.build(CONFIG, LlamaWeights.generate(CONFIG)).toByteArray());
    }

    @Test
    void theLengthPriorEndsMostPromptsAtEosAtSpreadLengths() throws Exception {
        List<Integer> lengths = new ArrayList<>();
        for (int[] tokens :
                Greedy.decode(onnx, CONFIG.dims(), Prompts.random(words, 50, 3, 30, 1), 64, true)) {
            if (tokens[tokens.length - 1] == CONFIG.eosTokenId()) {
                lengths.add(tokens.length);
            }
        }
        lengths.sort(null);
        System.out.println("Llama length prior: " + lengths.size() + "/50 end at EOS " + lengths);
        assertThat(lengths).hasSizeGreaterThanOrEqualTo(40);
        assertThat(lengths.get(lengths.size() / 2)).isBetween(10, 50);
        assertThat(lengths.stream().distinct().count()).isGreaterThanOrEqualTo(15);
    }
}
