package dev.flinfer.models.vit;

/**
 * Multi-head scaled dot-product attention in plain Java, for the reference forward pass: per head,
 * softmax(Q·Kᵀ / sqrt(d)) · V, with double accumulation.
 */
final class VitAttention {
    private VitAttention() {}

    /**
     * Attends {@code q}, {@code k}, {@code v} [T][D] with {@code heads} heads of D / heads each;
     * returns the heads' outputs side by side, [T][D].
     */
    static float[][] attend(float[][] q, float[][] k, float[][] v, int heads) {
        int t = q.length;
        int d = q[0].length;
        int hd = d / heads;
        double sqrtHeadDim = Math.sqrt(hd);
        float[][] context = new float[t][d];
        double[] scores = new double[t];
        for (int head = 0; head < heads; head++) {
            int base = head * hd;
            for (int i = 0; i < t; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    double dot = 0;
                    for (int e = 0; e < hd; e++) {
                        dot += (double) q[i][base + e] * k[j][base + e];
                    }
                    scores[j] = dot / sqrtHeadDim;
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < t; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int e = 0; e < hd; e++) {
                    double acc = 0;
                    for (int j = 0; j < t; j++) {
                        acc += scores[j] * v[j][base + e];
                    }
                    context[i][base + e] = (float) (acc / sum);
                }
            }
        }
        return context;
    }
}
