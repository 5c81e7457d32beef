package dev.flinfer.models.vit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The reference forward pass's arithmetic against known values. */
class VitMathTest {

    @Test
    void erfMatchesKnownValuesOnBothSidesOfTheSeriesCutOver() {
        assertThat(VitMath.erf(0)).isEqualTo(0);
        assertThat(VitMath.erf(0.5)).isCloseTo(0.5204998778130465, within(1e-12));
        assertThat(VitMath.erf(-1)).isCloseTo(-0.8427007929497149, within(1e-12));
        assertThat(VitMath.erf(2.9)).isCloseTo(0.9999589021219005, within(1e-12));
        assertThat(VitMath.erf(3.5)).isCloseTo(0.9999992569016276, within(1e-12));
    }

    @Test
    void geluIsExactNotTheTanhApproximation() {
        float[] x = {-3f, -1f, 0f, 1f, 2f};
        VitMath.gelu(x);
        assertThat(x[0]).isCloseTo(-0.0040496941f, within(1e-7f));
        assertThat(x[1]).isCloseTo(-0.15865526f, within(1e-7f));
        assertThat(x[2]).isEqualTo(0f);
        assertThat(x[3]).isCloseTo(0.84134474f, within(1e-7f));
        assertThat(x[4]).isCloseTo(1.9544997f, within(1e-7f));
    }

    @Test
    void layerNormCentresAndScalesThenAppliesScaleAndBias() {
        float[] normed =
                VitMath.layerNorm(
                        new float[] {1, 2, 3, 4},
                        new float[] {1, 1, 2, 1},
                        new float[] {0, 0, 0, 10});
        // mean 2.5, variance 1.25
        double inv = 1 / Math.sqrt(1.25 + VitGraph.LAYER_NORM_EPSILON);
        assertThat(normed[0]).isCloseTo((float) (-1.5 * inv), within(1e-6f));
        assertThat(normed[2]).isCloseTo((float) (2 * 0.5 * inv), within(1e-6f));
        assertThat(normed[3]).isCloseTo((float) (1.5 * inv + 10), within(1e-6f));
    }
}
