package dev.flinfer.models.llama;

import dev.flinfer.models.nn.NnMath;

/**
 * The Llama arithmetic of the plain-Java forward pass beyond {@code NnMath}, in float storage with
 * double accumulation: RMSNorm, SiLU and the rotary position embedding (rotate-half, as Hugging
 * Face's Llama).
 */
final class LlamaMath {
    private LlamaMath() {}

    /** {@code weight * x / sqrt(mean(x^2) + eps)}, eps {@link LlamaConfig#RMS_NORM_EPS}. */
    static float[] rmsNorm(float[] x, float[] weight) {
        return NnMath.rmsNorm(x, weight, LlamaConfig.RMS_NORM_EPS);
    }

    /** {@code silu(gate) * up}, into {@code gate}. */
    static void swiGlu(float[] gate, float[] up) {
        for (int i = 0; i < gate.length; i++) {
            double g = gate[i];
            gate[i] = (float) (g / (1 + Math.exp(-g))) * up[i];
        }
    }

    /** The rotary frequencies {@code 1 / theta^(2i / headDim)}, i below headDim / 2, in float. */
    static float[] inverseFrequencies(int headDim) {
        float[] inv = new float[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = (float) (1 / Math.pow(LlamaConfig.ROPE_THETA, 2.0 * i / headDim));
        }
        return inv;
    }

    /**
     * The heads of {@code x} (side by side, {@code headDim} each) rotated for {@code position}:
     * {@code x * cos + rotate_half(x) * sin}, rotate_half(x) = [-x2, x1].
     */
    static float[] rotate(float[] x, int headDim, float[] inverseFrequencies, long position) {
        int half = headDim / 2;
        float[] cos = new float[half];
        float[] sin = new float[half];
        for (int i = 0; i < half; i++) {
            float angle = (float) position * inverseFrequencies[i];
            cos[i] = (float) Math.cos(angle);
            sin[i] = (float) Math.sin(angle);
        }
        float[] out = new float[x.length];
        for (int base = 0; base < x.length; base += headDim) {
            for (int i = 0; i < half; i++) {
                float x1 = x[base + i];
                float x2 = x[base + half + i];
                out[base + i] = x1 * cos[i] - x2 * sin[i];
                out[base + half + i] = x2 * cos[i] + x1 * sin[i];
            }
        }
        return out;
    }
}
