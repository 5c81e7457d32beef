package dev.flinfer.models.vit;

/**
 * The same ViT computed in plain Java, independent of ONNX: the reference the ONNX graph is checked
 * against.
 *
 * <pre>{@code
 * float[][] logits = new VitForward(config, weights).logits(pixels, batch);   // pixels: NCHW
 * }</pre>
 */
public final class VitForward {
    private final VitConfig c;
    private final VitWeights w;

    public VitForward(VitConfig config, VitWeights weights) {
        this.c = config;
        this.w = weights;
    }

    /** Logits of {@code batch} images given as NCHW floats. */
    public float[][] logits(float[] pixels, int batch) {
        int image = 3 * c.imageSize() * c.imageSize();
        float[][] out = new float[batch][];
        for (int n = 0; n < batch; n++) {
            out[n] = one(pixels, n * image);
        }
        return out;
    }

    private float[] one(float[] pixels, int offset) {
        int d = c.hidden();
        int t = c.tokens();
        float[][] x = new float[t][];
        x[0] = w.classToken.clone();
        float[][] patches = patchEmbedding(pixels, offset);
        System.arraycopy(patches, 0, x, 1, patches.length);
        for (int i = 0; i < t; i++) {
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

    private float[][] patchEmbedding(float[] pixels, int offset) {
        int size = c.imageSize();
        int p = c.patchSize();
        int grid = size / p;
        int d = c.hidden();
        float[][] out = new float[grid * grid][d];
        for (int py = 0; py < grid; py++) {
            for (int px = 0; px < grid; px++) {
                float[] token = out[py * grid + px];
                for (int o = 0; o < d; o++) {
                    double sum = w.patchBias[o];
                    for (int ch = 0; ch < 3; ch++) {
                        for (int ky = 0; ky < p; ky++) {
                            for (int kx = 0; kx < p; kx++) {
                                float pixel =
                                        pixels[
                                                offset
                                                        + ch * size * size
                                                        + (py * p + ky) * size
                                                        + px * p
                                                        + kx];
                                sum +=
                                        (double) pixel
                                                * w.patchWeight[((o * 3 + ch) * p + ky) * p + kx];
                            }
                        }
                    }
                    token[o] = (float) sum;
                }
            }
        }
        return out;
    }

    private float[][] block(float[][] x, VitWeights.Layer l) {
        int t = x.length;
        int d = c.hidden();
        int heads = c.heads();
        int hd = c.headDim();
        float[][] q = new float[t][];
        float[][] k = new float[t][];
        float[][] v = new float[t][];
        for (int i = 0; i < t; i++) {
            float[] h = layerNorm(x[i], l.norm1Scale, l.norm1Bias);
            q[i] = linear(h, l.q, l.qBias, d);
            k[i] = linear(h, l.k, l.kBias, d);
            v[i] = linear(h, l.v, l.vBias, d);
        }
        double scale = 1.0 / Math.sqrt(hd);
        float[][] context = new float[t][d];
        for (int head = 0; head < heads; head++) {
            int base = head * hd;
            for (int i = 0; i < t; i++) {
                double[] scores = new double[t];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    double dot = 0;
                    for (int e = 0; e < hd; e++) {
                        dot += (double) q[i][base + e] * k[j][base + e];
                    }
                    scores[j] = dot * scale;
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
                        acc += scores[j] / sum * v[j][base + e];
                    }
                    context[i][base + e] = (float) acc;
                }
            }
        }
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
            for (int j = 0; j < m.length; j++) {
                m[j] = (float) (0.5 * m[j] * (1 + erf(m[j] / Math.sqrt(2))));
            }
            float[] mlp = linear(m, l.fc2, l.fc2Bias, d);
            for (int j = 0; j < d; j++) {
                residual[j] += mlp[j];
            }
            out[i] = residual;
        }
        return out;
    }

    private static float[] layerNorm(float[] x, float[] scale, float[] bias) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double variance = 0;
        for (float v : x) {
            variance += (v - mean) * (v - mean);
        }
        variance /= x.length;
        double inv = 1.0 / Math.sqrt(variance + VitGraph.LAYER_NORM_EPSILON);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) * inv * scale[i] + bias[i]);
        }
        return out;
    }

    /** {@code x} [in] times {@code weight} [in, out] plus {@code bias}. */
    private static float[] linear(float[] x, float[] weight, float[] bias, int out) {
        double[] acc = new double[out];
        for (int o = 0; o < out; o++) {
            acc[o] = bias[o];
        }
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            int row = i * out;
            for (int o = 0; o < out; o++) {
                acc[o] += xi * weight[row + o];
            }
        }
        float[] result = new float[out];
        for (int o = 0; o < out; o++) {
            result[o] = (float) acc[o];
        }
        return result;
    }

    /**
     * The error function, to double precision (Abramowitz-Stegun 7.1.26 is too coarse; use a
     * series).
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        double result;
        if (ax < 3) {
            // Maclaurin series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200; n++) {
                term *= -ax * ax / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17) {
                    break;
                }
            }
            result = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // continued fraction for erfc at large x
            double t = 0;
            for (int n = 60; n >= 1; n--) {
                t = n / 2.0 / (ax + t);
            }
            result = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + t);
        }
        return x < 0 ? -result : result;
    }
}
