package dev.flinfer.models.vit;

import dev.flinfer.models.nn.NnMath;

/**
 * The ViT arithmetic of the plain-Java forward pass beyond {@link NnMath}, in float storage with
 * double accumulation: LayerNorm at the ViT epsilon, exact GELU and the error function it needs.
 */
final class VitMath {
    private static final double SQRT2 = Math.sqrt(2.0);

    private VitMath() {}

    /** LayerNorm over the whole vector, epsilon {@link VitGraph#LAYER_NORM_EPSILON}. */
    static float[] layerNorm(float[] x, float[] scale, float[] bias) {
        return NnMath.layerNorm(x, scale, bias, VitGraph.LAYER_NORM_EPSILON);
    }

    /** Exact GELU, in place: {@code 0.5 * x * (1 + erf(x / sqrt(2)))}. */
    static void gelu(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * x[i] * (1 + erf(x[i] / SQRT2)));
        }
    }

    /**
     * The error function to about 1e-13: its Maclaurin series below 3, a continued fraction for
     * erfc above.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        double result;
        if (ax < 3) {
            // erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
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
            // erfc(x) = exp(-x^2) / sqrt(pi) / (x + 1/2 / (x + 1 / (x + 3/2 / (x + ...))))
            double t = 0;
            for (int n = 60; n >= 1; n--) {
                t = n / 2.0 / (ax + t);
            }
            result = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + t);
        }
        return x < 0 ? -result : result;
    }
}
