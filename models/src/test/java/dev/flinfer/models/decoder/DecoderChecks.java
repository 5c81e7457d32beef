package dev.flinfer.models.decoder;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparisons of a graph's outputs with a plain-Java forward pass's, for the decoder tests. */
public final class DecoderChecks {
    private DecoderChecks() {}

    /** Both caches hold {@code length} positions, equal within 1e-5. */
    public static void assertPresentsMatch(DecoderCache onnx, DecoderCache java, int length) {
        assertThat(onnx.length()).isEqualTo(length);
        for (int l = 0; l < onnx.keys().length; l++) {
            assertThat(maxAbsDifference(onnx.keys()[l], java.keys()[l])).isLessThanOrEqualTo(1e-5);
            assertThat(maxAbsDifference(onnx.values()[l], java.values()[l]))
                    .isLessThanOrEqualTo(1e-5);
        }
    }

    /** The largest difference of two float arrays of any rank, of the same shape. */
    public static double maxAbsDifference(Object a, Object b) {
        if (a instanceof float[] x) {
            float[] y = (float[]) b;
            assertThat(x).hasSameSizeAs(y);
            double max = 0;
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
            return max;
        }
        Object[] x = (Object[]) a;
        Object[] y = (Object[]) b;
        assertThat(x).hasSameSizeAs(y);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, maxAbsDifference(x[i], y[i]));
        }
        return max;
    }
}
