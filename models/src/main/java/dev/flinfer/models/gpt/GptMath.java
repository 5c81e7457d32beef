package dev.flinfer.models.gpt;

import dev.flinfer.models.nn.NnMath;

/**
 * The GPT-2 arithmetic of the plain-Java forward pass beyond {@link NnMath}, in float storage with
 * double accumulation: LayerNorm at epsilon 1e-5 and gelu_new.
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
}
