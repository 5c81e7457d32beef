package dev.flinfer.models.decoder;

/**
 * Causal attention of one query head over cached keys and values, in plain Java, for the reference
 * forward passes: softmax(q·Kᵀ · scale + mask bias) · V. The bias ({@link DecoderGraph#MASKED}) is
 * added in float, as the graphs add it, so a query that may see no key gets the same (uniform)
 * weights in both.
 *
 * <pre>{@code
 * DecoderAttention.head(q, h * hs, hs, keys[kv], values[kv], past + s, mask, scale, out, h * hs);
 * }</pre>
 */
public final class DecoderAttention {
    private DecoderAttention() {}

    /**
     * Writes into {@code out[outOffset..+hs]} the attention of the query {@code q[qOffset..+hs]} at
     * cache index {@code at} over {@code keys} and {@code values} [position][hs]: key {@code j} is
     * seen iff {@code j <= at} and {@code mask[j] == 1}.
     */
    public static void head(
            float[] q,
            int qOffset,
            int hs,
            float[][] keys,
            float[][] values,
            int at,
            long[] mask,
            float scale,
            float[] out,
            int outOffset) {
        int total = keys.length;
        double[] weights = new double[total];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < total; j++) {
            double dot = 0;
            for (int e = 0; e < hs; e++) {
                dot += (double) q[qOffset + e] * keys[j][e];
            }
            float score = (float) dot * scale;
            if (j > at || mask[j] != 1) {
                score += DecoderGraph.MASKED;
            }
            weights[j] = score;
            max = Math.max(max, score);
        }
        double sum = 0;
        for (int j = 0; j < total; j++) {
            weights[j] = Math.exp(weights[j] - max);
            sum += weights[j];
        }
        for (int e = 0; e < hs; e++) {
            double acc = 0;
            for (int j = 0; j < total; j++) {
                acc += weights[j] * values[j][e];
            }
            out[outOffset + e] = (float) (acc / sum);
        }
    }
}
