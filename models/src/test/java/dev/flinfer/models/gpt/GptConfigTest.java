package dev.flinfer.models.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A config names its bad value, and the MiniLM preset has the sizes the bundle promises. */
class GptConfigTest {
    @Test
    void theMiniLmPresetIsSixtyFourWideWithFourHeadsOfSixteen() {
        GptConfig c = GptConfig.tinyMiniLm();
        assertThat(c.vocabSize()).isEqualTo(30522);
        assertThat(c.headSize()).isEqualTo(16);
        assertThat(c.nInner()).isEqualTo(256);
        assertThat(c.withSeed(9).seed()).isEqualTo(9);
        assertThat(GptWeights.parameterCount(c))
                .isEqualTo(30522L * 64 + 256 * 64 + 2 * 49984 + 128);
    }

    @Test
    void aWidthThatIsNotAWholeNumberOfHeadsIsRefused() {
        assertThatThrownBy(() -> new GptConfig(100, 30, 1, 4, 16, 1, 2, 0, 1))
                .hasMessage("nEmbd (30) must be a multiple of nHead (4)");
    }

    @Test
    void aSpecialTokenOutsideTheVocabularyIsRefused() {
        assertThatThrownBy(() -> new GptConfig(100, 32, 1, 4, 16, 1, 100, 0, 1))
                .hasMessage("eosTokenId must be in [0, 100), got 100");
        assertThatThrownBy(() -> new GptConfig(100, 32, 0, 4, 16, 1, 2, 0, 1))
                .hasMessage("nLayer must be >= 1, got 0");
    }
}
