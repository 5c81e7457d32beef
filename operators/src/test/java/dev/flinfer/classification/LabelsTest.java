package dev.flinfer.classification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Label names from config.json, one test per rule. */
class LabelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Labels fromConfig(String json) throws Exception {
        return Labels.fromConfig(JSON.readTree(json), "models/vit/config.json");
    }

    @Test
    void id2labelIsReadInIdOrderWhateverTheKeyOrder() throws Exception {
        Labels labels =
                fromConfig(
                        "{\"id2label\": {\"2\": \"bird\", \"0\": \"cat\", \"1\": \"dog\"},"
                                + " \"label2id\": {\"cat\": 0}}");
        assertThat(labels.size()).isEqualTo(3);
        assertThat(labels.name(0)).isEqualTo("cat");
        assertThat(labels.name(1)).isEqualTo("dog");
        assertThat(labels.name(2)).isEqualTo("bird");
    }

    @Test
    void genericLabelsAreNamedAsHuggingFaceNamesThem() {
        Labels labels = Labels.generic(3);
        assertThat(labels.size()).isEqualTo(3);
        assertThat(labels.name(0)).isEqualTo("LABEL_0");
        assertThat(labels.name(2)).isEqualTo("LABEL_2");
        assertThatThrownBy(() -> Labels.generic(0)).hasMessageContaining("got 0");
    }

    @Test
    void withoutId2labelNumLabelsGivesGenericNames() throws Exception {
        Labels labels = fromConfig("{\"num_labels\": 2}");
        assertThat(labels.size()).isEqualTo(2);
        assertThat(labels.name(1)).isEqualTo("LABEL_1");
    }

    @Test
    void withNeitherId2labelNorNumLabelsTheFileIsNamed() {
        assertThatThrownBy(() -> fromConfig("{\"model_type\": \"vit\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models/vit/config.json")
                .hasMessageContaining("id2label");
    }

    @Test
    void aGapInTheIdsIsAnErrorNamingTheFileAndTheMissingId() {
        assertThatThrownBy(
                        () ->
                                fromConfig(
                                        "{\"id2label\": {\"0\": \"a\", \"1\": \"b\", \"3\": \"d\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models/vit/config.json")
                .hasMessageContaining("no label for id 2");
    }

    @Test
    void idsThatDoNotStartAtZeroAreAnError() {
        assertThatThrownBy(() -> fromConfig("{\"id2label\": {\"1\": \"a\", \"2\": \"b\"}}"))
                .hasMessageContaining("no label for id 0");
        assertThatThrownBy(() -> fromConfig("{\"id2label\": {\"-1\": \"a\", \"0\": \"b\"}}"))
                .hasMessageContaining("models/vit/config.json");
    }

    @Test
    void aKeyThatIsNotAnIntegerIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> fromConfig("{\"id2label\": {\"0\": \"a\", \"one\": \"b\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models/vit/config.json")
                .hasMessageContaining("'one'");
    }

    @Test
    void anEmptyOrNonObjectId2labelIsAnError() {
        assertThatThrownBy(() -> fromConfig("{\"id2label\": {}}")).hasMessageContaining("id2label");
        assertThatThrownBy(() -> fromConfig("{\"id2label\": [\"a\", \"b\"]}"))
                .hasMessageContaining("id2label");
    }
}
