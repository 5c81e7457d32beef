package dev.flinfer.models.nn;

import java.util.Random;

/**
 * Seeded Gaussian weights, drawn in call order from one {@link Random}, so that the same seed and
 * the same calls give the same values.
 *
 * <pre>{@code
 * float[] scale = SeededWeights.around(random, d, 1f, 0.05f);
 * }</pre>
 */
public final class SeededWeights {
    /** The standard deviation of {@link #normal}. */
    public static final float STD = 0.02f;

    private SeededWeights() {}

    /** {@code n} values of mean 0 and standard deviation {@link #STD}. */
    public static float[] normal(Random random, int n) {
        return around(random, n, 0f, STD);
    }

    /** {@code n} values of the given mean and standard deviation. */
    public static float[] around(Random random, int n, float mean, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + std * (float) random.nextGaussian();
        }
        return values;
    }
}
