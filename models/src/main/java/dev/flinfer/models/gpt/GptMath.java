package dev.flinfer.models.gpt;

/**
 * The arithmetic of the plain-Java forward pass, in float storage with double accumulation:
 * LayerNorm (epsilon 1e-5), linear layers, GPT-2's gelu_new.
 */
final class GptMath {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private GptMath() {}

    static float[] layerNorm(float[] x, float[] scale, float[] bias) {
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
        double inv = 1.0 / Math.sqrt(variance + GptGraph.LAYER_NORM_EPSILON);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) * inv * scale[i] + bias[i]);
        }
        return out;
    }

    /** {@code x} [in] times {@code weight} [in, out] plus {@code bias} [out]. */
    static float[] linear(float[] x, float[] weight, float[] bias, int out) {
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

    /** gelu_new, in place: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    static void geluNew(float[] x) {
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            x[i] = (float) (0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
        }
    }

    /** {@code x} [D] times each row of {@code table} [rows, D]: the tied output projection. */
    static float[] timesRows(float[] x, float[] table, int rows) {
        int d = x.length;
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            double acc = 0;
            int base = r * d;
            for (int j = 0; j < d; j++) {
                acc += (double) x[j] * table[base + j];
            }
            out[r] = (float) acc;
        }
        return out;
    }

    static void addInto(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }
}
