package dev.flinfer.models.t5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A config names its bad value; the tiny one has the sizes the bundle promises. */
class T5ConfigTest {
    @Test
    void theTinyConfigIsAT5OverTheMiniLmVocabulary() {
        T5Config c = T5Config.tiny();
        assertThat(c.vocabSize()).isEqualTo(30522);
        assertThat(c.inner()).isEqualTo(64);
        assertThat(c.eosTokenId()).isEqualTo(102);
        assertThat(c.withSeed(3).seed()).isEqualTo(3);
        assertThat(c.withSeed(3).dModel()).isEqualTo(c.dModel());
    }

    @Test
    void aNonPositiveSizeIsNamed() {
        assertThatThrownBy(
                        () -> new T5Config(30522, 0, 16, 4, 128, 2, 2, 32, 128, 512, 0, 102, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dModel must be positive, got 0");
    }

    @Test
    void aTokenOutsideTheVocabularyIsNamed() {
        assertThatThrownBy(
                        () -> new T5Config(100, 64, 16, 4, 128, 2, 2, 32, 128, 512, 0, 102, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eosTokenId must be in [0, 100), got 102");
    }
}
