package dev.flinfer.models.vit;

import static dev.flinfer.models.nn.NnMath.linear;
import static dev.flinfer.models.vit.VitMath.gelu;
import static dev.flinfer.models.vit.VitMath.layerNorm;

/**
 * The same ViT computed in plain Java, independent of ONNX and of {@link VitGraph}: the reference
 * the generated graph is checked against. Slow (no vectorisation), meant for small configs.
 *
 * <pre>{@code
 * VitConfig config = VitConfig.small(3);
 * float[][] logits = new VitForward(config, VitWeights.generate(config)).logits(pixels, batch);
 * }</pre>
 */
public final class VitForward {
    private final VitConfig c;
    private final VitWeights w;

    public VitForward(VitConfig config, VitWeights weights) {
        this.c = config;
        this.w = weights;
    }

    /** Logits [batch][numLabels] of {@code batch} images given as NCHW floats. */
    public float[][] logits(float[] pixels, int batch) {
        int image = c.channels() * c.imageSize() * c.imageSize();
        if (batch < 1 || pixels.length != (long) batch * image) {
            throw new IllegalArgumentException(
                    "pixels has "
                            + pixels.length
                            + " floats, expected "
                            + batch
                            + " x "
                            + image
                            + " for batch "
                            + batch);
        }
        float[][] out = new float[batch][];
        for (int n = 0; n < batch; n++) {
            out[n] = one(pixels, n * image);
        }
        return out;
    }

    private float[] one(float[] pixels, int offset) {
        int d = c.hidden();
        float[][] x = new float[c.tokens()][];
        x[0] = w.classToken.clone();
        for (int i = 1; i < x.length; i++) {
            x[i] = patch(pixels, offset, i - 1);
        }
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] += w.positions[i * d + j];
            }
        }
        for (VitWeights.Layer layer : w.layers) {
            x = block(x, layer);
        }
        float[] cls = layerNorm(x[0], w.finalNormScale, w.finalNormBias);
        return linear(cls, w.headWeight, w.headBias, c.numLabels());
    }

    /** The convolution at one patch, row-major over the grid. */
    private float[] patch(float[] pixels, int offset, int index) {
        int size = c.imageSize();
        int p = c.patchSize();
        int top = index / c.grid() * p;
        int left = index % c.grid() * p;
        float[] token = new float[c.hidden()];
        for (int o = 0; o < token.length; o++) {
            double sum = w.patchBias[o];
            for (int ch = 0; ch < c.channels(); ch++) {
                int plane = offset + ch * size * size;
                int kernel = (o * c.channels() + ch) * p * p;
                for (int ky = 0; ky < p; ky++) {
                    for (int kx = 0; kx < p; kx++) {
                        sum +=
                                (double) pixels[plane + (top + ky) * size + left + kx]
                                        * w.patchWeight[kernel + ky * p + kx];
                    }
                }
            }
            token[o] = (float) sum;
        }
        return token;
    }

    private float[][] block(float[][] x, VitWeights.Layer l) {
        int t = x.length;
        int d = c.hidden();
        float[][] q = new float[t][];
        float[][] k = new float[t][];
        float[][] v = new float[t][];
        for (int i = 0; i < t; i++) {
            float[] h = layerNorm(x[i], l.norm1Scale, l.norm1Bias);
            q[i] = linear(h, l.q, l.qBias, d);
            k[i] = linear(h, l.k, l.kBias, d);
            v[i] = linear(h, l.v, l.vBias, d);
        }
        float[][] context = VitAttention.attend(q, k, v, c.heads());
        float[][] out = new float[t][];
        for (int i = 0; i < t; i++) {
            float[] attended = linear(context[i], l.out, l.outBias, d);
            float[] residual = new float[d];
            for (int j = 0; j < d; j++) {
                residual[j] = x[i][j] + attended[j];
            }
            float[] m =
                    linear(
                            layerNorm(residual, l.norm2Scale, l.norm2Bias),
                            l.fc1,
                            l.fc1Bias,
                            c.mlpDim());
            gelu(m);
            float[] mlp = linear(m, l.fc2, l.fc2Bias, d);
            for (int j = 0; j < d; j++) {
                residual[j] += mlp[j];
            }
            out[i] = residual;
        }
        return out;
    }
}
