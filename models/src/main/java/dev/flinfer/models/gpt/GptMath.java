package dev.flinfer.models.gpt;

import dev.flinfer.models.nn.NnMath;

/**
 * The GPT-2 arithmetic of the plain-Java forward pass beyond {@link NnMath}, in float storage with
 * double accumulation: LayerNorm at epsilon 1e-5, gelu_new, the tied output projection.
 */
final class GptMath {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private GptMath() {}

    /** LayerNorm over the whole vector, epsilon {@link GptGraph#LAYER_NORM_EPSILON}. */
    static float[] layerNorm(float[] x, float[] scale, float[] bias) {
        return NnMath.layerNorm(x, scale, bias, GptGraph.LAYER_NORM_EPSILON);
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
