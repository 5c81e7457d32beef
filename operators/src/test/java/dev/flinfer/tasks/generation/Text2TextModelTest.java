package dev.flinfer.tasks.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.generation.Decoding;
import dev.flinfer.generation.Generated;
import dev.flinfer.generation.Generator;
import dev.flinfer.generation.Sequence;
import dev.flinfer.models.t5.T5Config;
import dev.flinfer.models.t5.T5Forward;
import dev.flinfer.models.t5.T5Generator;
import dev.flinfer.models.t5.T5Weights;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.text.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encoder-decoder path on the generated T5-style model: the cached loop over the merged decoder
 * gives the tokens of a plain-Java forward pass without a cache, the pair layout gives the merged
 * one's, and a sequence's text does not depend on its batch, on when it joined, or (for beam
 * search) on its neighbours.
 */
class Text2TextModelTest {
    private static final List<String> PROMPTS =
            List.of(
                    "summarize: the weather is nice today",
                    "translate: stream processing",
                    "keywords: apache flink runs jobs on many machines and keeps their state",
                    "a");
    private static final int MAX_NEW = 20;
    private static ModelBundle bundle;
    private static GenerationModel greedy;

    @BeforeAll
    static void open() {
        bundle = ModelCatalog.resolve("t5-tiny-seeded");
        greedy = open(bundle, Decoding.greedy(MAX_NEW));
    }

    @AfterAll
    static void close() {
        greedy.close();
    }

    private static GenerationModel open(ModelBundle bundle, Decoding decoding) {
        return GenerationModel.open(bundle, SessionSettings.cpu(1), decoding, "{text}", true);
    }

    private static List<Generated> alone(GenerationModel model) throws Exception {
        List<Generated> results = new ArrayList<>();
        for (String prompt : PROMPTS) {
            results.add(model.result(model.infer(List.of(model.prepare(prompt))), 0));
        }
        return results;
    }

    @Test
    void theCachedLoopGivesTheTokensOfAPlainJavaForwardPassWithoutACache() throws Exception {
        T5Config config = T5Config.tiny();
        T5Forward forward = new T5Forward(config, T5Weights.generate(config));
        List<Generated> results = alone(greedy);
        try (TextTokenizer tokenizer = TextTokenizer.openUntruncated(bundle)) {
            for (int p = 0; p < PROMPTS.size(); p++) {
                long[] prompt = greedy.prepare(PROMPTS.get(p)).prompt();
                long[] mask = new long[prompt.length];
                Arrays.fill(mask, 1);
                float[][] hidden = forward.encode(prompt, mask);
                List<Long> decoder = new ArrayList<>(List.of((long) config.decoderStartTokenId()));
                List<Long> generated = new ArrayList<>();
                while (generated.size() < MAX_NEW) {
                    float[][] logits =
                            forward.decode(
                                            decoder.stream().mapToLong(Long::longValue).toArray(),
                                            mask,
                                            hidden,
                                            null)
                                    .logits();
                    float[] last = logits[logits.length - 1];
                    long best = 0;
                    for (int v = 1; v < last.length; v++) {
                        if (last[v] > last[(int) best]) {
                            best = v;
                        }
                    }
                    decoder.add(best);
                    if (best == config.eosTokenId()) {
                        break;
                    }
                    generated.add(best);
                }
                Generated result = results.get(p);
                assertThat(result.tokens()).as(PROMPTS.get(p)).isEqualTo(generated.size());
                assertThat(result.text())
                        .isEqualTo(
                                tokenizer.decode(
                                        generated.stream().mapToLong(Long::longValue).toArray()));
            }
        }
    }

    @Test
    void thePairLayoutGivesTheMergedLayoutsTexts(@TempDir Path dir) throws Exception {
        Path pair = dir.resolve("t5-pair");
        T5Generator.generate(
                T5Config.tiny(),
                bundle.requireFile(ModelBundle.TOKENIZER),
                pair,
                T5Generator.Layout.PAIR);
        Files.copy(
                bundle.requireFile(ModelBundle.TOKENIZER),
                pair.resolve(ModelBundle.TOKENIZER),
                StandardCopyOption.REPLACE_EXISTING);
        // the generator writes the merged graph beside the pair: without it, the pair is used
        Files.delete(pair.resolve("decoder_model_merged.onnx"));
        try (GenerationModel model = open(ModelBundle.open(pair), Decoding.greedy(MAX_NEW))) {
            assertThat(alone(model)).isEqualTo(alone(greedy));
        }
    }

    @Test
    void aSequenceGetsTheSameTextInABatchAndJoiningMidway() throws Exception {
        GenerationChecks.aloneInABatchAndJoiningMidwayAgree(greedy, PROMPTS);
    }

    @Test
    void beamSearchGivesEachPromptItsOwnResultInABatch() throws Exception {
        try (GenerationModel beams =
                open(bundle, new Decoding(12, 0, 3, 0f, 0, 1f, 1f, 0L, List.of()))) {
            List<Generated> expected = alone(beams);
            List<Sequence> batch = new ArrayList<>();
            for (String prompt : PROMPTS) {
                batch.add(beams.prepare(prompt));
            }
            Generator.Run<Sequence> run = beams.infer(batch);
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertThat(beams.result(run, i)).as(PROMPTS.get(i)).isEqualTo(expected.get(i));
                assertThat(expected.get(i).tokens()).isBetween(0, 12);
            }
        }
    }

    @Test
    void anEncoderDecoderBundleNeedsItsDecoderAndItsTask(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("t5-no-decoder");
        Files.createDirectories(broken);
        for (String file :
                List.of(
                        "encoder_model.onnx",
                        "config.json",
                        "generation_config.json",
                        "tokenizer.json")) {
            Files.copy(bundle.requireFile(file), broken.resolve(file));
        }
        assertThatThrownBy(() -> open(ModelBundle.open(broken), Decoding.greedy(4)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(
                        "an encoder-decoder bundle needs decoder_model_merged.onnx, or"
                                + " decoder_model.onnx with decoder_with_past_model.onnx");
        assertThatThrownBy(
                        () ->
                                GenerationModel.open(
                                        bundle,
                                        SessionSettings.cpu(1),
                                        Decoding.greedy(4),
                                        "{text}",
                                        false))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("use text2text");
    }
}
