package dev.flinfer.models.t5;

import static dev.flinfer.models.t5.T5Math.attend;
import static dev.flinfer.models.t5.T5Math.rmsNorm;
import static dev.flinfer.models.t5.T5Math.times;

/**
 * The same T5 computed in plain Java from {@link T5Weights}, independent of ONNX: the reference the
 * generated graphs are checked against. One sequence at a time; slow, meant for tiny configs.
 *
 * <pre>{@code
 * T5Forward t5 = new T5Forward(config, T5Weights.generate(config));
 * float[][] encoded = t5.encode(inputIds, mask);
 * T5Forward.Step first = t5.decode(new long[] {0}, mask, encoded, null);
 * T5Forward.Step next = t5.decode(new long[] {token}, mask, null, first.cache());
 * }</pre>
 */
public final class T5Forward {
    private final T5Config c;
    private final T5Weights w;

    public T5Forward(T5Config config, T5Weights weights) {
        this.c = config;
        this.w = weights;
    }

    /**
     * The key and value rows {@code [layer][position][inner]} of the decoder's self-attention (all
     * positions so far) and of its cross-attention (the encoder positions).
     */
    public record Cache(
            float[][][] selfKeys,
            float[][][] selfValues,
            float[][][] crossKeys,
            float[][][] crossValues) {
        public int length() {
            return selfKeys[0].length;
        }
    }

    /** One decoder call: logits {@code [T][vocab]} and the cache after it. */
    public record Step(float[][] logits, Cache cache) {}

    /** The encoder's last hidden state {@code [S][d_model]}; {@code mask} 0 marks padding. */
    public float[][] encode(long[] inputIds, long[] mask) {
        int s = inputIds.length;
        float[][] x = embed(inputIds);
        float[][][] bias = positionBias(w.encoder.relativeBias, 0, s, s, true);
        for (T5Weights.Block b : w.encoder.blocks) {
            float[][] h = norm(x, b.selfNorm);
            float[][] q = times(h, b.self.q, c.inner());
            float[][] k = times(h, b.self.k, c.inner());
            float[][] v = times(h, b.self.v, c.inner());
            float[][] context = attend(q, k, v, c.numHeads(), bias, (i, j) -> mask[j] != 0);
            add(x, times(context, b.self.o, c.dModel()));
            feedForward(x, b);
        }
        return norm(x, w.encoder.finalNorm);
    }

    /**
     * Decodes {@code inputIds}, which sit at cache positions {@code past.length()} on (0 without a
     * past). Without a past the cross-attention keys and values come from {@code encoderHidden};
     * with one, from the past (and {@code encoderHidden} is not read).
     */
    public Step decode(long[] inputIds, long[] encoderMask, float[][] encoderHidden, Cache past) {
        int t = inputIds.length;
        int p = past == null ? 0 : past.length();
        int layers = w.decoder.blocks.length;
        Cache next =
                new Cache(
                        new float[layers][][],
                        new float[layers][][],
                        new float[layers][][],
                        new float[layers][][]);
        float[][] x = embed(inputIds);
        float[][][] bias = positionBias(w.decoder.relativeBias, p, t, p + t, false);
        for (int l = 0; l < layers; l++) {
            T5Weights.Block b = w.decoder.blocks[l];
            float[][] h = norm(x, b.selfNorm);
            float[][] k = times(h, b.self.k, c.inner());
            float[][] v = times(h, b.self.v, c.inner());
            next.selfKeys[l] = past == null ? k : concat(past.selfKeys[l], k);
            next.selfValues[l] = past == null ? v : concat(past.selfValues[l], v);
            float[][] context =
                    attend(
                            times(h, b.self.q, c.inner()),
                            next.selfKeys[l],
                            next.selfValues[l],
                            c.numHeads(),
                            bias,
                            (i, j) -> j <= p + i);
            add(x, times(context, b.self.o, c.dModel()));
            h = norm(x, b.crossNorm);
            next.crossKeys[l] =
                    past == null ? times(encoderHidden, b.cross.k, c.inner()) : past.crossKeys[l];
            next.crossValues[l] =
                    past == null ? times(encoderHidden, b.cross.v, c.inner()) : past.crossValues[l];
            context =
                    attend(
                            times(h, b.cross.q, c.inner()),
                            next.crossKeys[l],
                            next.crossValues[l],
                            c.numHeads(),
                            null,
                            (i, j) -> encoderMask[j] != 0);
            add(x, times(context, b.cross.o, c.dModel()));
            feedForward(x, b);
        }
        float[][] out = norm(x, w.decoder.finalNorm);
        float[][] logits = new float[t][];
        double rescale = Math.pow(c.dModel(), -0.5);
        for (int i = 0; i < t; i++) {
            logits[i] = tiedLogits(out[i], (float) rescale);
        }
        return new Step(logits, next);
    }

    /**
     * The relative position bias {@code [heads][T][L]} of queries at positions {@code first ..
     * first + T - 1} over keys at {@code 0 .. L - 1}.
     */
    float[][][] positionBias(float[] table, int first, int t, int l, boolean bidirectional) {
        int heads = c.numHeads();
        float[][][] bias = new float[heads][t][l];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < l; j++) {
                int bucket =
                        T5Math.bucket(
                                j - (first + i),
                                bidirectional,
                                c.relativeAttentionNumBuckets(),
                                c.relativeAttentionMaxDistance());
                for (int h = 0; h < heads; h++) {
                    bias[h][i][j] = table[bucket * heads + h];
                }
            }
        }
        return bias;
    }

    private void feedForward(float[][] x, T5Weights.Block b) {
        float[][] inner = times(norm(x, b.ffNorm), b.wi, c.dFf());
        for (float[] row : inner) {
            for (int i = 0; i < row.length; i++) {
                row[i] = Math.max(row[i], 0f);
            }
        }
        add(x, times(inner, b.wo, c.dModel()));
    }

    private float[] tiedLogits(float[] h, float rescale) {
        int d = c.dModel();
        float[] scaled = new float[d];
        for (int e = 0; e < d; e++) {
            scaled[e] = h[e] * rescale;
        }
        float[] logits = new float[c.vocabSize()];
        for (int t = 0; t < logits.length; t++) {
            double dot = 0;
            for (int e = 0; e < d; e++) {
                dot += (double) scaled[e] * w.shared[t * d + e];
            }
            logits[t] = (float) dot;
        }
        return logits;
    }

    private float[][] embed(long[] ids) {
        int d = c.dModel();
        float[][] x = new float[ids.length][d];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(w.shared, Math.toIntExact(ids[i]) * d, x[i], 0, d);
        }
        return x;
    }

    private static float[][] norm(float[][] x, float[] weight) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = rmsNorm(x[i], weight);
        }
        return out;
    }

    private static void add(float[][] x, float[][] y) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] += y[i][j];
            }
        }
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = new float[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
