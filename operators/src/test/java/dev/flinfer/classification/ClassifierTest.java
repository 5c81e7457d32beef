package dev.flinfer.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Labels THREE = Labels.generic(3);

    @Test
    void softmaxMatchesAHandComputationAndSortsBestFirst() {
        List<LabelScore> scores =
                new Classifier(THREE, false, 0).scores(new float[] {9, 1, 2, 3}, 1);
        double e1 = Math.exp(1 - 3);
        double e2 = Math.exp(2 - 3);
        double e3 = 1;
        double sum = e1 + e2 + e3;
        assertThat(scores)
                .extracting(LabelScore::label)
                .containsExactly("LABEL_2", "LABEL_1", "LABEL_0");
        assertThat(scores.get(0).score()).isCloseTo((float) (e3 / sum), within(1e-6f));
        assertThat(scores.stream().mapToDouble(LabelScore::score).sum())
                .isCloseTo(1.0, within(1e-6));
    }

    @Test
    void multiLabelScoresAreIndependentSigmoids() {
        List<LabelScore> scores = new Classifier(THREE, true, 0).scores(new float[] {0, 2, -2}, 0);
        assertThat(scores.get(0).score())
                .isCloseTo((float) (1 / (1 + Math.exp(-2))), within(1e-6f));
        assertThat(scores.get(1).score()).isCloseTo(0.5f, within(1e-6f));
        assertThat(scores.stream().mapToDouble(LabelScore::score).sum()).isGreaterThan(1.0);
    }

    @Test
    void topKKeepsTheBestKAndProbabilitiesPassThrough() {
        List<LabelScore> top =
                new Classifier(THREE, false, 1, true).scores(new float[] {0.2f, 0.7f, 0.1f}, 0);
        assertThat(top).containsExactly(new LabelScore("LABEL_1", 1, 0.7f));
    }

    @Test
    void labelsComeFromId2LabelAndGapsAreErrorsNamingTheFile() throws Exception {
        Labels labels =
                Labels.fromConfig(
                        JSON.readTree("{\"id2label\": {\"1\": \"dog\", \"0\": \"cat\"}}"),
                        "m/config.json");
        assertThat(labels.size()).isEqualTo(2);
        assertThat(labels.name(0)).isEqualTo("cat");
        assertThatThrownBy(
                        () ->
                                Labels.fromConfig(
                                        JSON.readTree(
                                                "{\"id2label\": {\"0\": \"a\", \"2\": \"c\"}}"),
                                        "m/config.json"))
                .hasMessageContaining("m/config.json")
                .hasMessageContaining("no label for id 1");
        assertThatThrownBy(
                        () ->
                                Labels.fromConfig(
                                        JSON.readTree("{\"id2label\": {\"x\": \"a\"}}"),
                                        "m/config.json"))
                .hasMessageContaining("'x'");
        assertThat(
                        Classifier.isMultiLabel(
                                JSON.readTree(
                                        "{\"problem_type\": \"multi_label_classification\"}")))
                .isTrue();
    }
}
