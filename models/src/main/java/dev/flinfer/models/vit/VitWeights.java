package dev.flinfer.models.vit;

import java.util.Random;

/**
 * Seeded weights of a ViT, as flat row-major float arrays: linear weights are {@code [in, out]}
 * (what MatMul takes), the patch convolution {@code [hidden, 3, patch, patch]}. Initialised like
 * ViT (normal with standard deviation 0.02, LayerNorm scale near 1), so that the same seed always
 * gives the same model.
 */
public final class VitWeights {
    final float[] patchWeight;
    final float[] patchBias;
    final float[] classToken;
    final float[] positions;
    final Layer[] layers;
    final float[] finalNormScale;
    final float[] finalNormBias;
    final float[] headWeight;
    final float[] headBias;

    /** The weights of one encoder block. */
    static final class Layer {
        final float[] norm1Scale;
        final float[] norm1Bias;
        final float[] q;
        final float[] qBias;
        final float[] k;
        final float[] kBias;
        final float[] v;
        final float[] vBias;
        final float[] out;
        final float[] outBias;
        final float[] norm2Scale;
        final float[] norm2Bias;
        final float[] fc1;
        final float[] fc1Bias;
        final float[] fc2;
        final float[] fc2Bias;

        Layer(VitConfig c, Random random) {
            int d = c.hidden();
            norm1Scale = around(random, d, 1f, 0.05f);
            norm1Bias = around(random, d, 0f, 0.02f);
            q = normal(random, d * d);
            qBias = normal(random, d);
            k = normal(random, d * d);
            kBias = normal(random, d);
            v = normal(random, d * d);
            vBias = normal(random, d);
            out = normal(random, d * d);
            outBias = normal(random, d);
            norm2Scale = around(random, d, 1f, 0.05f);
            norm2Bias = around(random, d, 0f, 0.02f);
            fc1 = normal(random, d * c.mlpDim());
            fc1Bias = normal(random, c.mlpDim());
            fc2 = normal(random, c.mlpDim() * d);
            fc2Bias = normal(random, d);
        }
    }

    private VitWeights(VitConfig c) {
        Random random = new Random(c.seed());
        int d = c.hidden();
        patchWeight = normal(random, d * 3 * c.patchSize() * c.patchSize());
        patchBias = normal(random, d);
        classToken = normal(random, d);
        positions = normal(random, c.tokens() * d);
        layers = new Layer[c.layers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new Layer(c, random);
        }
        finalNormScale = around(random, d, 1f, 0.05f);
        finalNormBias = around(random, d, 0f, 0.02f);
        headWeight = around(random, d * c.numLabels(), 0f, 0.2f);
        headBias = normal(random, c.numLabels());
    }

    public static VitWeights generate(VitConfig config) {
        return new VitWeights(config);
    }

    private static float[] normal(Random random, int n) {
        return around(random, n, 0f, 0.02f);
    }

    private static float[] around(Random random, int n, float mean, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + std * (float) random.nextGaussian();
        }
        return values;
    }
}
