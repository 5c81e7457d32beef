package dev.flinfer.models.vit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A ViT config is checked when it is made, and every message names the bad value. */
class VitConfigTest {

    @Test
    void anImageThatIsNotAWholeNumberOfPatchesIsRejected() {
        assertThatThrownBy(() -> VitConfig.of(30, 8, 64, 2, 4, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("imageSize (30) must be a multiple of patchSize (8)");
    }

    @Test
    void aHiddenSizeThatIsNotAWholeNumberOfHeadsIsRejected() {
        assertThatThrownBy(() -> VitConfig.of(32, 8, 66, 2, 4, 3))
                .hasMessage("hidden (66) must be a multiple of heads (4)");
    }

    @Test
    void everySizeMustBePositive() {
        assertThatThrownBy(() -> VitConfig.of(32, 8, 64, 0, 4, 3))
                .hasMessage("layers must be >= 1, got 0");
        assertThatThrownBy(() -> VitConfig.of(-32, 8, 64, 2, 4, 3))
                .hasMessage("imageSize must be >= 1, got -32");
        assertThatThrownBy(() -> VitConfig.small(0)).hasMessage("numLabels must be >= 1, got 0");
        assertThatThrownBy(() -> new VitConfig(32, 8, 0, 64, 2, 4, 256, 3, 1, null))
                .hasMessage("channels must be >= 1, got 0");
    }

    @Test
    void labelsMustMatchTheirCountAndBeDistinct() {
        assertThatThrownBy(() -> new VitConfig(32, 8, 3, 64, 2, 4, 256, 3, 1, List.of("a", "b")))
                .hasMessage("labels has 2 names but numLabels is 3");
        assertThatThrownBy(() -> VitConfig.small(2).withLabels(List.of("cat", "cat")))
                .hasMessage("label 'cat' appears twice");
        assertThatThrownBy(() -> VitConfig.small(2).withLabels(List.of("cat", " ")))
                .hasMessage("label 1 is blank: ' '");
    }

    @Test
    void labelsDefaultToHuggingFaceNames() {
        assertThat(VitConfig.small(3).labels()).containsExactly("LABEL_0", "LABEL_1", "LABEL_2");
        VitConfig named = VitConfig.small(3).withLabels(List.of("cat", "dog"));
        assertThat(named.numLabels()).isEqualTo(2);
        assertThat(named.labels()).containsExactly("cat", "dog");
    }

    @Test
    void thePresetsAreTheSmallTestModelAndViTBase() {
        VitConfig small = VitConfig.small(3);
        assertThat(small.tokens()).isEqualTo(17);
        assertThat(small.headDim()).isEqualTo(16);
        VitConfig base = VitConfig.base(1000);
        assertThat(base)
                .extracting(
                        VitConfig::imageSize,
                        VitConfig::patchSize,
                        VitConfig::channels,
                        VitConfig::hidden,
                        VitConfig::layers,
                        VitConfig::heads,
                        VitConfig::mlpDim)
                .containsExactly(224, 16, 3, 768, 12, 12, 3072);
        assertThat(base.tokens()).isEqualTo(197);
        // ViT-B/16 with a 1000-class head has 86.6 M parameters
        assertThat(VitWeights.parameterCount(base)).isEqualTo(86_567_656L);
    }

    @Test
    void theParameterCountIsWhatTheWeightsHold() {
        VitConfig config = VitConfig.of(64, 16, 128, 3, 4, 10);
        assertThat(VitWeights.generate(config).heldCount())
                .isEqualTo(VitWeights.parameterCount(config));
    }
}
