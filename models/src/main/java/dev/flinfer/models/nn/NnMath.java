package dev.flinfer.models.nn;

/**
 * The arithmetic the plain-Java forward passes share, in float storage with double accumulation:
 * LayerNorm, linear layers, output projections.
 *
 * <pre>{@code
 * float[] h = NnMath.linear(NnMath.layerNorm(x, scale, bias, 1e-5), weight, bias, out);
 * }</pre>
 */
public final class NnMath {
    private NnMath() {}

    /** RMSNorm: {@code x * rsqrt(mean(x^2) + eps) * weight}, no mean subtraction, no bias. */
    public static float[] rmsNorm(float[] x, float[] weight, double epsilon) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        double scale = 1 / Math.sqrt(sum / x.length + epsilon);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * scale * weight[i]);
        }
        return out;
    }

    /** LayerNorm over the whole vector. */
    public static float[] layerNorm(float[] x, float[] scale, float[] bias, double epsilon) {
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
        double inv = 1.0 / Math.sqrt(variance + epsilon);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) * inv * scale[i] + bias[i]);
        }
        return out;
    }

    /** {@code x} [in] times {@code weight} [in, out], no bias. */
    public static float[] linear(float[] x, float[] weight, int out) {
        return linear(x, weight, new float[out], out);
    }

    /** {@code x} [D] times each row of {@code table} [rows, D]: an output projection. */
    public static float[] timesRows(float[] x, float[] table, int rows) {
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

    /** {@code x += y}. */
    public static void addInto(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }

    /** {@code x} [in] times {@code weight} [in, out] plus {@code bias} [out]. */
    public static float[] linear(float[] x, float[] weight, float[] bias, int out) {
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
}
