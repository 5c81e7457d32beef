package dev.flinfer.tasks.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.generation.Decoding;
import dev.flinfer.generation.Generated;
import dev.flinfer.generation.Generator;
import dev.flinfer.generation.Sequence;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.session.SessionSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decoder-only path on the generated GPT-2-style model: the KV-cached, batched loop gives the
 * tokens of the plainest loop (no cache, one prompt at a time), a sequence's text does not depend
 * on who shares its batch or when it joined, seeded sampling repeats, and bad prompts are refused.
 */
class TextGenerationModelTest {
    private static final List<String> PROMPTS =
            List.of(
                    "the weather is",
                    "once upon a time there was a small village by the sea where",
                    "stream processing",
                    "apache flink runs jobs on many machines and keeps their state in checkpoints",
                    "a");
    private static ModelBundle bundle;
    private static GenerationModel greedy;

    @BeforeAll
    static void open() {
        bundle = ModelCatalog.resolve("gpt2-tiny-seeded");
        greedy = open(Decoding.greedy(40));
    }

    @AfterAll
    static void close() {
        greedy.close();
    }

    private static GenerationModel open(Decoding decoding) {
        return GenerationModel.open(bundle, SessionSettings.cpu(1), decoding, "{text}", false);
    }

    @Test
    void theCachedBatchedLoopGivesThePlainLoopsTokens() throws Exception {
        GenerationChecks.cachedBatchGivesTheReferenceTokens(greedy, bundle, PROMPTS, 40, 102);
    }

    @Test
    void aSequenceGetsTheSameTextAloneInABatchAndJoiningMidway() throws Exception {
        GenerationChecks.aloneInABatchAndJoiningMidwayAgree(greedy, PROMPTS);
    }

    @Test
    void seededSamplingRepeatsPerSaltAndDiffersAcrossSalts() throws Exception {
        try (GenerationModel sampling =
                open(new Decoding(24, 0, 1, 1.0f, 40, 0.95f, 1.2f, 7L, List.of()))) {
            Generated first =
                    sampling.result(sampling.infer(List.of(sampling.prepare("hello", 1))), 0);
            Sequence again = sampling.prepare("hello", 1);
            Sequence neighbour = sampling.prepare("a neighbour in the batch", 2);
            Generator.Run<Sequence> run = sampling.infer(List.of(neighbour, again));
            assertThat(sampling.result(run, 1)).isEqualTo(first);
            List<String> texts = new ArrayList<>();
            for (long salt = 10; salt < 16; salt++) {
                texts.add(
                        sampling.result(sampling.infer(List.of(sampling.prepare("hello", salt))), 0)
                                .text());
            }
            assertThat(texts.stream().distinct().count()).isGreaterThan(1);
        }
    }

    @Test
    void beamSearchOfOneBeamIsGreedyAndOfThreeIsDeterministic() throws Exception {
        try (GenerationModel beams = open(new Decoding(16, 0, 3, 0f, 0, 1f, 1f, 0L, List.of()))) {
            Generated a = beams.result(beams.infer(List.of(beams.prepare(PROMPTS.get(1)))), 0);
            Generator.Run<Sequence> run =
                    beams.infer(
                            List.of(beams.prepare(PROMPTS.get(0)), beams.prepare(PROMPTS.get(1))));
            assertThat(beams.result(run, 1)).isEqualTo(a);
            assertThat(a.tokens()).isPositive();
        }
    }

    @Test
    void minNewTokensAndStopStringsShapeTheEnd() throws Exception {
        Generated free = greedy.result(greedy.infer(List.of(greedy.prepare(PROMPTS.get(0)))), 0);
        String stop =
                Arrays.stream(free.text().split(" "))
                        .filter(word -> free.text().indexOf(word) > 0)
                        .findFirst()
                        .orElseThrow();
        try (GenerationModel stopped =
                open(new Decoding(40, 0, 1, 0f, 0, 1f, 1f, 0L, List.of(stop)))) {
            Generated cut =
                    stopped.result(stopped.infer(List.of(stopped.prepare(PROMPTS.get(0)))), 0);
            assertThat(cut.finishReason()).isEqualTo(Generated.FinishReason.STOP);
            assertThat(free.text()).startsWith(cut.text());
            assertThat(cut.text()).doesNotContain(stop).isNotEmpty();
            // the tokens of the text before the stop string, not those the stop string took
            assertThat(cut.tokens()).isLessThan(free.tokens()).isPositive();
        }
        Generated early = null;
        for (String prompt : PROMPTS) {
            Generated g = greedy.result(greedy.infer(List.of(greedy.prepare(prompt))), 0);
            if (g.finishReason() == Generated.FinishReason.EOS && g.tokens() < 30) {
                early = g;
                try (GenerationModel longer =
                        open(new Decoding(40, g.tokens() + 5, 1, 0f, 0, 1f, 1f, 0L, List.of()))) {
                    Generated held =
                            longer.result(longer.infer(List.of(longer.prepare(prompt))), 0);
                    assertThat(held.tokens()).isGreaterThanOrEqualTo(g.tokens() + 5);
                    assertThat(held.text()).startsWith(g.text());
                }
                break;
            }
        }
        assertThat(early).as("a prompt that ends early at EOS").isNotNull();
    }

    @Test
    void badPromptsAndOptionsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> greedy.prepare(" "))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("no tokens");
        String long_ = "word ".repeat(300);
        assertThatThrownBy(() -> greedy.prepare(long_))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("context of 256");
        assertThatThrownBy(() -> open(Decoding.greedy(256)))
                .hasMessageContaining("beyond the context");
    }
}
