package dev.flinfer.models.zeroshot;

/**
 * The encoder's last hidden state for one text and the plain-Java head: masked mean pooling, L2
 * normalisation, and the prototype logits. The reference the composed graph is checked against.
 *
 * @param tokens [tokens][hidden]
 * @param mask attention mask, one entry per token
 */
public record HiddenState(float[][] tokens, long[] mask) {

    /** Mean of the token vectors whose mask is 1, L2-normalised. */
    public float[] meanPooledNormalised() {
        int hidden = tokens[0].length;
        double[] sum = new double[hidden];
        double count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] != 0) {
                count++;
                for (int h = 0; h < hidden; h++) {
                    sum[h] += tokens[t][h];
                }
            }
        }
        float[] mean = new float[hidden];
        for (int h = 0; h < hidden; h++) {
            mean[h] = (float) (sum[h] / Math.max(count, 1e-9));
        }
        return normalise(mean);
    }

    /** {@code logits[l] = (dot(embedding, prototypes[l]) - threshold) * scale}. */
    public static float[] logits(
            float[] embedding, float[][] prototypes, float threshold, float scale) {
        float[] logits = new float[prototypes.length];
        for (int l = 0; l < prototypes.length; l++) {
            double dot = 0;
            for (int h = 0; h < embedding.length; h++) {
                dot += embedding[h] * prototypes[l][h];
            }
            logits[l] = (float) ((dot - threshold) * scale);
        }
        return logits;
    }

    static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
