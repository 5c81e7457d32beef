package dev.flinfer.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Softmax, sigmoid and top-k, checked against values computed by hand. */
class ScoresTest {
    private static final Labels FOUR = Labels.generic(4);

    private static double sum(List<LabelScore> scores) {
        return scores.stream().mapToDouble(LabelScore::score).sum();
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        List<LabelScore> scores =
                new Classifier(FOUR, false, 0).scores(new float[] {1000, 1001, 999, -1000}, 0);
        double e = Math.E;
        double total = 1 + e + 1 / e; // exp(x - 1001) for 1001, 1000, 999; the last is 0
        assertThat(scores.get(0).index()).isEqualTo(1);
        assertThat(scores.get(0).score()).isCloseTo((float) (e / total), within(1e-6f));
        assertThat(scores.get(1).score()).isCloseTo((float) (1 / total), within(1e-6f));
        assertThat(scores.get(3).score()).isZero();
        assertThat(sum(scores)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void sigmoidScoresEachLabelOnItsOwn() {
        Classifier classifier = new Classifier(FOUR, true, 0);
        float first = classifier.scores(new float[] {1, 0, 0, 0}, 0).get(0).score();
        float firstAgain =
                classifier.scores(new float[] {1, 5, -5, 9}, 0).stream()
                        .filter(s -> s.index() == 0)
                        .findFirst()
                        .orElseThrow()
                        .score();
        assertThat(first).isCloseTo((float) (1 / (1 + Math.exp(-1))), within(1e-6f));
        assertThat(firstAgain).isEqualTo(first);
    }

    @Test
    void topKKeepsTheBestKInOrderAndTiesGoToTheLowerIndex() {
        List<LabelScore> top = new Classifier(FOUR, false, 2).scores(new float[] {1, 3, 3, 2}, 0);
        assertThat(top).extracting(LabelScore::index).containsExactly(1, 2);
    }

    @Test
    void aTopKOfZeroNegativeOrAtLeastTheLabelCountKeepsAll() {
        float[] logits = {0.1f, 0.2f, 0.3f, 0.4f};
        for (int k : new int[] {0, -1, 4, 99}) {
            assertThat(new Classifier(FOUR, false, k).scores(logits, 0))
                    .extracting(LabelScore::index)
                    .containsExactly(3, 2, 1, 0);
        }
    }

    @Test
    void probabilitiesFromTheModelPassThroughUnchangedAtTheirOffset() {
        Labels twoLabels = Labels.generic(2);
        float[] batch = {0.9f, 0.1f, 0.3f, 0.7f}; // two rows, as PaddleOCR's classifier gives
        List<LabelScore> second = new Classifier(twoLabels, false, 0, true).scores(batch, 2);
        assertThat(second)
                .containsExactly(
                        new LabelScore("LABEL_1", 1, 0.7f), new LabelScore("LABEL_0", 0, 0.3f));
    }

    @Test
    void multiLabelIsReadFromProblemType() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(
                        Classifier.isMultiLabel(
                                json.readTree(
                                        "{\"problem_type\": \"multi_label_classification\"}")))
                .isTrue();
        assertThat(
                        Classifier.isMultiLabel(
                                json.readTree(
                                        "{\"problem_type\": \"single_label_classification\"}")))
                .isFalse();
        assertThat(Classifier.isMultiLabel(json.readTree("{}"))).isFalse();
    }
}
