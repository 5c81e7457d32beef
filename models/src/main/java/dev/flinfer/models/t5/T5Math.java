package dev.flinfer.models.t5;

import dev.flinfer.models.nn.NnMath;

/**
 * The plain-Java pieces of {@link T5Forward}: RMS norm, a row times a {@code [in, out]} matrix,
 * T5's relative position buckets and multi-head attention without scaling. Sums run in double.
 */
final class T5Math {
    private T5Math() {}

    /** T5LayerNorm: {@code x * rsqrt(mean(x^2) + eps) * w}, no mean subtraction, no bias. */
    static float[] rmsNorm(float[] x, float[] weight) {
        return NnMath.rmsNorm(x, weight, T5Config.LAYER_NORM_EPSILON);
    }

    /** {@code x · w} for a row {@code x} of {@code in} and a row-major {@code w [in, out]}. */
    static float[] times(float[] x, float[] w, int out) {
        return NnMath.linear(x, w, out);
    }

    static float[][] times(float[][] rows, float[] w, int out) {
        float[][] result = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            result[i] = times(rows[i], w, out);
        }
        return result;
    }

    /**
     * The bucket of a relative position {@code relative = key - query}, as Hugging Face's {@code
     * T5Attention._relative_position_bucket} computes it (the logarithm in float32): half the
     * buckets for each sign when bidirectional, else only keys at or before the query count; exact
     * buckets below half, logarithmic ones up to {@code maxDistance}, then the last bucket.
     */
    static int bucket(int relative, boolean bidirectional, int numBuckets, int maxDistance) {
        int base = 0;
        int n;
        if (bidirectional) {
            numBuckets /= 2;
            base = relative > 0 ? numBuckets : 0;
            n = Math.abs(relative);
        } else {
            n = Math.max(-relative, 0);
        }
        int maxExact = numBuckets / 2;
        if (n < maxExact) {
            return base + n;
        }
        float logRatio = (float) Math.log((double) maxDistance / maxExact);
        float ratio = (float) n / (float) maxExact;
        float scaled = (float) Math.log(ratio) / logRatio * (float) (numBuckets - maxExact);
        return base + Math.min(maxExact + (int) scaled, numBuckets - 1);
    }

    /**
     * Multi-head attention of queries {@code q [T][inner]} over keys {@code k} and values {@code v}
     * {@code [L][inner]}: per head, softmax(Q·Kᵀ + bias) · V, no 1/sqrt(d) scaling. {@code bias} is
     * {@code [heads][T][L]} or null; key {@code j} is left out for query {@code i} when {@code
     * allowed} says so (padding and causal masks: weight exactly zero).
     */
    static float[][] attend(
            float[][] q, float[][] k, float[][] v, int heads, float[][][] bias, KeyMask allowed) {
        int t = q.length;
        int l = k.length;
        int dKv = q[0].length / heads;
        float[][] context = new float[t][q[0].length];
        double[] scores = new double[l];
        for (int h = 0; h < heads; h++) {
            int base = h * dKv;
            for (int i = 0; i < t; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < l; j++) {
                    if (!allowed.test(i, j)) {
                        scores[j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double dot = bias == null ? 0 : bias[h][i][j];
                    for (int e = 0; e < dKv; e++) {
                        dot += (double) q[i][base + e] * k[j][base + e];
                    }
                    scores[j] = dot;
                    max = Math.max(max, dot);
                }
                double sum = 0;
                for (int j = 0; j < l; j++) {
                    scores[j] =
                            scores[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int e = 0; e < dKv; e++) {
                    double acc = 0;
                    for (int j = 0; j < l; j++) {
                        acc += scores[j] * v[j][base + e];
                    }
                    context[i][base + e] = (float) (acc / sum);
                }
            }
        }
        return context;
    }

    /** Which keys a query may attend. */
    @FunctionalInterface
    interface KeyMask {
        boolean test(int query, int key);
    }
}
