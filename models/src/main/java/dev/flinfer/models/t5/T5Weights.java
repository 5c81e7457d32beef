package dev.flinfer.models.t5;

import java.util.Random;

/**
 * Seeded weights of a T5, as flat row-major float arrays: linear weights are {@code [in, out]}
 * (what MatMul takes), the shared embedding {@code [vocab, d_model]}, each relative position bias
 * table {@code [buckets, heads]}. Linear weights are normal with standard deviation {@code 4 /
 * sqrt(in)}, the embedding normal with 0.1, RMS-norm weights near 1 and the bias tables normal with
 * 0.5, so that attention, bias and logits all spread and greedy decoding does not settle on one
 * token. The same config always gives the same weights: {@link Random}'s sequence is fixed by its
 * specification.
 *
 * <pre>{@code
 * T5Weights weights = T5Weights.generate(T5Config.tiny());
 * }</pre>
 */
public final class T5Weights {
    /**
     * Linear weights have standard deviation {@code LINEAR_GAIN / sqrt(in)}: with a gain of 1 (and
     * a wider embedding) the untrained decoder mostly repeats one token, which would make a weak
     * test of caching and batching.
     */
    static final float LINEAR_GAIN = 4f;

    static final float EMBEDDING_STD = 0.1f;
    static final float BIAS_STD = 0.5f;

    final float[] shared;
    final Stack encoder;
    final Stack decoder;

    /** Q, K, V ({@code [d_model, inner]}) and O ({@code [inner, d_model]}) of one attention. */
    static final class Attention {
        final float[] q;
        final float[] k;
        final float[] v;
        final float[] o;

        Attention(T5Config c, Random r) {
            q = normal(r, c.dModel() * c.inner(), c.dModel());
            k = normal(r, c.dModel() * c.inner(), c.dModel());
            v = normal(r, c.dModel() * c.inner(), c.dModel());
            o = normal(r, c.inner() * c.dModel(), c.inner());
        }
    }

    /** One block: self-attention, cross-attention (decoder only, else null), feed-forward. */
    static final class Block {
        final float[] selfNorm;
        final Attention self;
        final float[] crossNorm;
        final Attention cross;
        final float[] ffNorm;
        final float[] wi;
        final float[] wo;

        Block(T5Config c, Random r, boolean decoder) {
            selfNorm = norm(r, c.dModel());
            self = new Attention(c, r);
            crossNorm = decoder ? norm(r, c.dModel()) : null;
            cross = decoder ? new Attention(c, r) : null;
            ffNorm = norm(r, c.dModel());
            wi = normal(r, c.dModel() * c.dFf(), c.dModel());
            wo = normal(r, c.dFf() * c.dModel(), c.dFf());
        }
    }

    /** The blocks of the encoder or decoder, its bias table (used by block 0) and final norm. */
    static final class Stack {
        final Block[] blocks;
        final float[] relativeBias;
        final float[] finalNorm;

        Stack(T5Config c, Random r, int layers, boolean decoder) {
            relativeBias = scaled(r, c.relativeAttentionNumBuckets() * c.numHeads(), BIAS_STD);
            blocks = new Block[layers];
            for (int i = 0; i < layers; i++) {
                blocks[i] = new Block(c, r, decoder);
            }
            finalNorm = norm(r, c.dModel());
        }
    }

    private T5Weights(T5Config c) {
        Random random = new Random(c.seed());
        shared = scaled(random, c.vocabSize() * c.dModel(), EMBEDDING_STD);
        encoder = new Stack(c, random, c.numLayers(), false);
        decoder = new Stack(c, random, c.numDecoderLayers(), true);
    }

    public static T5Weights generate(T5Config config) {
        return new T5Weights(config);
    }

    private static float[] normal(Random r, int n, int fanIn) {
        return scaled(r, n, (float) (LINEAR_GAIN / Math.sqrt(fanIn)));
    }

    private static float[] norm(Random r, int n) {
        float[] values = scaled(r, n, 0.05f);
        for (int i = 0; i < n; i++) {
            values[i] += 1f;
        }
        return values;
    }

    private static float[] scaled(Random r, int n, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = std * (float) r.nextGaussian();
        }
        return values;
    }
}
