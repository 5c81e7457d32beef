package dev.flinfer.models.gpt;

import static dev.flinfer.models.nn.SeededWeights.around;
import static dev.flinfer.models.nn.SeededWeights.normal;

import java.util.Random;

/**
 * Seeded weights of a GPT-2-style decoder, as flat row-major float arrays: linear weights are
 * {@code [in, out]} (GPT-2's Conv1D layout, what MatMul takes), embeddings {@code [rows, nEmbd]}.
 * Drawn as GPT-2 initialises (normal with standard deviation 0.02; LayerNorm scale near 1 and bias
 * near 0, with a little noise so that no term vanishes), then given the {@link GptLengthPrior} so
 * that greedy generation ends. The same config always gives the same weights: {@link Random}'s
 * sequence is fixed by its specification.
 *
 * <pre>{@code
 * GptWeights weights = GptWeights.generate(GptConfig.tinyMiniLm());
 * }</pre>
 */
public final class GptWeights {
    /** Token embeddings [vocab, nEmbd], also the output projection (tied). */
    final float[] wte;

    /** Position embeddings [nPositions, nEmbd]. */
    final float[] wpe;

    final Layer[] layers;
    final float[] lnFScale;
    final float[] lnFBias;

    /** The weights of one decoder block, in GPT-2's names. */
    static final class Layer {
        final float[] ln1Scale;
        final float[] ln1Bias;

        /** Query, key and value side by side: [nEmbd, 3 nEmbd]. */
        final float[] cAttn;

        final float[] cAttnBias;
        final float[] attnProj;
        final float[] attnProjBias;
        final float[] ln2Scale;
        final float[] ln2Bias;
        final float[] fc;
        final float[] fcBias;
        final float[] mlpProj;
        final float[] mlpProjBias;

        Layer(GptConfig c, Random random) {
            int d = c.nEmbd();
            int inner = c.nInner();
            ln1Scale = around(random, d, 1f, 0.05f);
            ln1Bias = around(random, d, 0f, 0.02f);
            cAttn = normal(random, d * 3 * d);
            cAttnBias = normal(random, 3 * d);
            attnProj = normal(random, d * d);
            attnProjBias = normal(random, d);
            ln2Scale = around(random, d, 1f, 0.05f);
            ln2Bias = around(random, d, 0f, 0.02f);
            fc = normal(random, d * inner);
            fcBias = normal(random, inner);
            mlpProj = normal(random, inner * d);
            mlpProjBias = normal(random, d);
        }
    }

    private GptWeights(GptConfig c) {
        Random random = new Random(c.seed());
        int d = c.nEmbd();
        wte = normal(random, c.vocabSize() * d);
        wpe = normal(random, c.nPositions() * d);
        layers = new Layer[c.nLayer()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new Layer(c, random);
        }
        lnFScale = around(random, d, 1f, 0.05f);
        lnFBias = around(random, d, 0f, 0.02f);
        GptLengthPrior.apply(c, wte, wpe);
    }

    public static GptWeights generate(GptConfig config) {
        return new GptWeights(config);
    }

    /** The number of weights a config has (the tied output projection counted once). */
    public static long parameterCount(GptConfig c) {
        long d = c.nEmbd();
        long inner = c.nInner();
        long perLayer = 4 * d + 3 * d * d + 3 * d + d * d + d + d * inner + inner + inner * d + d;
        return (long) c.vocabSize() * d + (long) c.nPositions() * d + c.nLayer() * perLayer + 2 * d;
    }
}
