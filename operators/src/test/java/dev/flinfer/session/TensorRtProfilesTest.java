package dev.flinfer.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.bundle.ModelCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The profile strings given to ONNX Runtime's TensorRT provider (which cannot load here: they are
 * checked as text, in the provider's format {@code name:d0xd1,name:d0xd1}).
 */
class TensorRtProfilesTest {

    @Test
    void theRealMiniLmGraphGetsOneProfileForBatchesUpToTheMaxAndTextsUpToTheTokenizersLength()
            throws Exception {
        SessionSettings settings =
                new SessionSettings(Device.parse("tensorrt:0"), 1, 1, 32).withMaxLength(128);
        TensorRtProfiles profiles =
                ModelSession.tensorRtProfiles(
                        ModelCatalog.resolve("all-minilm-l6-v2").modelPath(), settings);
        assertThat(profiles.min()).isEqualTo("input_ids:1x1,attention_mask:1x1,token_type_ids:1x1");
        assertThat(profiles.opt())
                .isEqualTo("input_ids:32x128,attention_mask:32x128,token_type_ids:32x128");
        assertThat(profiles.max()).isEqualTo(profiles.opt());
    }

    @Test
    void fixedDimensionsStayAsTheGraphDeclaresThem() {
        Map<String, long[]> inputs = new LinkedHashMap<>();
        inputs.put("pixel_values", new long[] {-1, 3, 224, 224});
        TensorRtProfiles profiles = TensorRtProfiles.of(inputs, 16, 224);
        assertThat(profiles.min()).isEqualTo("pixel_values:1x3x224x224");
        assertThat(profiles.max()).isEqualTo("pixel_values:16x3x224x224");
    }

    @Test
    void aDynamicImageWidthIsBoundedByTheImageSide() {
        TensorRtProfiles profiles =
                TensorRtProfiles.of(Map.of("x", new long[] {-1, 3, 48, -1}), 8, 192);
        assertThat(profiles.min()).isEqualTo("x:1x3x48x1");
        assertThat(profiles.opt()).isEqualTo("x:8x3x48x192");
    }

    @Test
    void withoutBoundsOrDynamicDimensionsThereIsNoProfile() {
        Map<String, long[]> text = Map.of("input_ids", new long[] {-1, -1});
        assertThat(TensorRtProfiles.of(text, 0, 128)).isNull();
        assertThat(TensorRtProfiles.of(text, 32, 0)).isNull();
        assertThat(TensorRtProfiles.of(Map.of("x", new long[] {1, 3, 224, 224}), 32, 224)).isNull();
    }
}
