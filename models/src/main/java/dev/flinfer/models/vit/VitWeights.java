package dev.flinfer.models.vit;

import static dev.flinfer.models.nn.SeededWeights.around;
import static dev.flinfer.models.nn.SeededWeights.normal;

import java.util.Random;

/**
 * Seeded weights of a ViT, as flat row-major float arrays: linear weights are {@code [in, out]}
 * (what MatMul takes), the patch convolution {@code [hidden, channels, patch, patch]}. Drawn as ViT
 * initialises (normal with standard deviation 0.02; LayerNorm scale near 1 and bias near 0, with a
 * little noise so that no term vanishes), with a wider head so that logits spread. The same config
 * and seed always give the same weights: {@link Random}'s sequence is fixed by its specification.
 *
 * <pre>{@code
 * VitConfig config = VitConfig.small(3).withSeed(7);
 * VitWeights weights = VitWeights.generate(config);
 * long n = VitWeights.parameterCount(config);   // without making them
 * }</pre>
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

        float[][] tensors() {
            return new float[][] {
                norm1Scale,
                norm1Bias,
                q,
                qBias,
                k,
                kBias,
                v,
                vBias,
                out,
                outBias,
                norm2Scale,
                norm2Bias,
                fc1,
                fc1Bias,
                fc2,
                fc2Bias
            };
        }
    }

    private VitWeights(VitConfig c) {
        Random random = new Random(c.seed());
        int d = c.hidden();
        patchWeight = normal(random, d * c.channels() * c.patchSize() * c.patchSize());
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

    /** The number of weights a config has, all tensors together, counted without making them. */
    public static long parameterCount(VitConfig c) {
        long d = c.hidden();
        long m = c.mlpDim();
        long perLayer = 4 * d * d + 4 * d + 2 * d * m + m + d + 4 * d;
        return d * c.channels() * c.patchSize() * c.patchSize()
                + d
                + d
                + (long) c.tokens() * d
                + c.layers() * perLayer
                + 2 * d
                + d * c.numLabels()
                + c.numLabels();
    }

    /** The number of weights held here: {@link #parameterCount(VitConfig)} of their config. */
    long heldCount() {
        long n =
                (long) patchWeight.length
                        + patchBias.length
                        + classToken.length
                        + positions.length
                        + finalNormScale.length
                        + finalNormBias.length
                        + headWeight.length
                        + headBias.length;
        for (Layer l : layers) {
            for (float[] t : l.tensors()) {
                n += t.length;
            }
        }
        return n;
    }
}
