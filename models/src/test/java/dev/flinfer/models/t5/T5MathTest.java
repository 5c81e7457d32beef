package dev.flinfer.models.t5;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The plain-Java relative position buckets give the values Hugging Face's T5 gives. */
class T5MathTest {
    private static int bidirectional(int relative) {
        return T5Math.bucket(relative, true, 32, 128);
    }

    private static int causal(int relative) {
        return T5Math.bucket(relative, false, 32, 128);
    }

    @Test
    void bidirectionalBucketsSplitBySignThenGrowLogarithmically() {
        assertThat(bidirectional(0)).isZero();
        assertThat(bidirectional(-1)).isEqualTo(1);
        assertThat(bidirectional(1)).isEqualTo(17);
        assertThat(bidirectional(-7)).isEqualTo(7);
        assertThat(bidirectional(-8)).isEqualTo(8);
        assertThat(bidirectional(-16)).isEqualTo(10);
        assertThat(bidirectional(-64)).isEqualTo(14);
        assertThat(bidirectional(-127)).isEqualTo(15);
        assertThat(bidirectional(-1000)).isEqualTo(15);
        assertThat(bidirectional(1000)).isEqualTo(31);
    }

    @Test
    void causalBucketsCountOnlyKeysBeforeTheQuery() {
        assertThat(causal(3)).isZero();
        assertThat(causal(0)).isZero();
        assertThat(causal(-15)).isEqualTo(15);
        assertThat(causal(-16)).isEqualTo(16);
        assertThat(causal(-32)).isEqualTo(21);
        assertThat(causal(-64)).isEqualTo(26);
        assertThat(causal(-128)).isEqualTo(31);
        assertThat(causal(-5000)).isEqualTo(31);
    }

    @Test
    void rmsNormScalesByTheRootMeanSquareWithoutCentring() {
        float[] out = T5Math.rmsNorm(new float[] {3f, 4f}, new float[] {1f, 2f});
        double rms = Math.sqrt(12.5 + T5Config.LAYER_NORM_EPSILON);
        assertThat(out[0]).isCloseTo((float) (3 / rms), Offset.offset(1e-6f));
        assertThat(out[1]).isCloseTo((float) (8 / rms), Offset.offset(1e-6f));
    }
}
