package dev.flinfer.tasks.textclassification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.classification.LabelScore;
import dev.flinfer.models.zeroshot.HiddenState;
import dev.flinfer.models.zeroshot.PrototypeClassifierGenerator;
import dev.flinfer.tasks.textembedding.TestModels;
import dev.flinfer.tasks.textembedding.TextEmbeddingModel;
import dev.flinfer.text.TokenizedText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-shot classifiers composed from the real MiniLM encoder, one single-label (softmax, BERT
 * inputs) and one multi-label (sigmoid, generated without {@code token_type_ids}): the graph's
 * logits match a plain-Java head over the encoder's own embeddings, and the scores follow the
 * problem type.
 */
class ComposedTextClassifierTest {
    private static final String[] TEXTS = {
        "The striker scored twice in the second half.",
        "Whisk the eggs with sugar, then fold in the flour.",
        "The new laptop has a faster processor and more memory.",
        "Stir-fried noodles with vegetables and soy sauce, ready in ten minutes",
        "x"
    };

    @TempDir static Path dir;
    static TextClassificationModel single;
    static TextClassificationModel multi;

    @BeforeAll
    static void compose() throws Exception {
        Path encoder = TestModels.minilmBundle().directory();
        Files.writeString(
                dir.resolve("topics.json"),
                """
                {"problem_type": "single_label_classification", "scale": 20,
                 "labels": {"sports": ["a football match", "a tennis player wins"],
                            "cooking": ["a recipe for dinner", "baking bread in the oven"],
                            "technology": ["a new smartphone", "software and computers"]}}
                """);
        Files.writeString(
                dir.resolve("tags.json"),
                """
                {"problem_type": "multi_label_classification", "scale": 20, "threshold_cosine": 0.3,
                 "labels": {"food": ["a recipe for dinner", "delicious food"],
                            "quick": ["ready in ten minutes", "a fast and easy thing to do"],
                            "sports": "a football match"}}
                """);
        PrototypeClassifierGenerator.generate(
                encoder, dir.resolve("topics.json"), dir.resolve("topics"), false);
        PrototypeClassifierGenerator.generate(
                encoder, dir.resolve("tags.json"), dir.resolve("tags"), true);
        single =
                TextClassificationModel.open(
                        ModelBundle.open(dir.resolve("topics")), TestModels.CPU_2_THREADS, 0);
        multi =
                TextClassificationModel.open(
                        ModelBundle.open(dir.resolve("tags")), TestModels.CPU_2_THREADS, 0);
    }

    @AfterAll
    static void close() {
        single.close();
        multi.close();
    }

    @Test
    void theGraphLogitsMatchAPlainJavaHeadOverTheEncoderOutput() throws Exception {
        check(
                single,
                new String[][] {
                    {"a football match", "a tennis player wins"},
                    {"a recipe for dinner", "baking bread in the oven"},
                    {"a new smartphone", "software and computers"}
                },
                0f);
        check(
                multi,
                new String[][] {
                    {"a recipe for dinner", "delicious food"},
                    {"ready in ten minutes", "a fast and easy thing to do"},
                    {"a football match"}
                },
                0.3f);
    }

    @Test
    void aSingleLabelModelGivesSoftmaxScoresThatSumToOne() throws Exception {
        float[][] logits = single.infer(tokens(single));
        for (float[] row : logits) {
            List<LabelScore> scores = single.classify(row);
            assertThat(scores).hasSize(3);
            assertThat(scores.stream().mapToDouble(LabelScore::score).sum())
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(single.classify(logits[0]).get(0).label()).isEqualTo("sports");
        assertThat(single.classify(logits[1]).get(0).label()).isEqualTo("cooking");
        assertThat(single.classify(logits[2]).get(0).label()).isEqualTo("technology");
        assertThat(single.classifier().multiLabel()).isFalse();
    }

    @Test
    void aMultiLabelModelGivesAnIndependentSigmoidPerLabel() throws Exception {
        float[][] logits = multi.infer(tokens(multi));
        assertThat(multi.classifier().multiLabel()).isTrue();
        for (float[] row : logits) {
            for (LabelScore score : multi.classify(row)) {
                double sigmoid = 1 / (1 + Math.exp(-row[score.index()]));
                assertThat((double) score.score())
                        .isCloseTo(sigmoid, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
        // the noodles are food and quick at once; the match is sports alone
        List<LabelScore> noodles = multi.classify(logits[3]);
        assertThat(score(noodles, "food")).isGreaterThan(0.5f);
        assertThat(score(noodles, "quick")).isGreaterThan(0.5f);
        assertThat(score(noodles, "sports")).isLessThan(0.5f);
        List<LabelScore> match = multi.classify(logits[0]);
        assertThat(score(match, "sports")).isGreaterThan(0.5f);
        assertThat(score(match, "food")).isLessThan(0.5f);
    }

    @Test
    void aClassifierGeneratedWithoutTokenTypeIdsRunsOnTheInputsItDeclares() throws Exception {
        assertThat(multi.inputNames()).containsExactlyInAnyOrder("input_ids", "attention_mask");
        assertThat(single.inputNames())
                .containsExactlyInAnyOrder("input_ids", "attention_mask", "token_type_ids");
        // the zeros the graph makes for itself are what BERT gets for a single segment
        float[][] withTypes = single.infer(tokens(single));
        assertThat(withTypes).hasNumberOfRows(TEXTS.length);
        assertThat(multi.infer(tokens(multi))).hasNumberOfRows(TEXTS.length);
    }

    private static void check(TextClassificationModel model, String[][] descriptions, float t)
            throws Exception {
        TextEmbeddingModel encoder = TestModels.minilm();
        float[][] prototypes = new float[descriptions.length][];
        for (int l = 0; l < descriptions.length; l++) {
            float[][] rows =
                    encoder.embed(
                            java.util.Arrays.stream(descriptions[l])
                                    .map(encoder::tokenize)
                                    .toList());
            float[] sum = new float[rows[0].length];
            for (float[] row : rows) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += row[i];
                }
            }
            prototypes[l] = dev.flinfer.text.EmbeddingPooling.l2Normalize(sum);
        }
        float[][] graph = model.infer(tokens(model));
        for (int i = 0; i < TEXTS.length; i++) {
            float[] embedding = encoder.embed(List.of(encoder.tokenize(TEXTS[i])))[0];
            float[] expected = HiddenState.logits(embedding, prototypes, t, 20f);
            for (int l = 0; l < expected.length; l++) {
                assertThat(graph[i][l])
                        .as("text %d label %d", i, l)
                        .isCloseTo(expected[l], org.assertj.core.data.Offset.offset(2e-3f));
            }
        }
    }

    private static List<TokenizedText> tokens(TextClassificationModel model) {
        return java.util.Arrays.stream(TEXTS).map(model::tokenize).toList();
    }

    private static float score(List<LabelScore> scores, String label) {
        return scores.stream()
                .filter(s -> s.label().equals(label))
                .findFirst()
                .orElseThrow()
                .score();
    }
}
