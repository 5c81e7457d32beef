package dev.flinfer.models.llama;

import static dev.flinfer.models.nn.SeededWeights.around;
import static dev.flinfer.models.nn.SeededWeights.normal;

import java.util.Random;

/**
 * Seeded weights of a Llama-style decoder, as flat row-major float arrays: projections {@code [in,
 * out]} (what MatMul takes; Hugging Face's {@code nn.Linear} holds them transposed), the embedding
 * and the untied lm_head {@code [vocab, hidden]}. Drawn normal with standard deviation 0.02 (the
 * RMSNorm weights near 1, with a little noise), no biases, then given the {@link LlamaLengthPrior}
 * so that greedy generation ends. The same config always gives the same weights.
 *
 * <pre>{@code
 * LlamaWeights weights = LlamaWeights.generate(LlamaConfig.tinyMiniLm());
 * }</pre>
 */
public final class LlamaWeights {
    /** Token embeddings [vocab, hidden]. */
    final float[] embed;

    final Layer[] layers;
    final float[] norm;

    /** The output projection [vocab, hidden], not tied to {@link #embed}. */
    final float[] lmHead;

    /** The weights of one decoder block, in Llama's names. */
    static final class Layer {
        final float[] inputNorm;
        final float[] q;
        final float[] k;
        final float[] v;
        final float[] o;
        final float[] postNorm;
        final float[] gate;
        final float[] up;
        final float[] down;

        Layer(LlamaConfig c, Random random) {
            int d = c.hiddenSize();
            int qWidth = c.heads() * c.headDim();
            int kvWidth = c.kvHeads() * c.headDim();
            inputNorm = around(random, d, 1f, 0.05f);
            q = normal(random, d * qWidth);
            k = normal(random, d * kvWidth);
            v = normal(random, d * kvWidth);
            o = normal(random, qWidth * d);
            postNorm = around(random, d, 1f, 0.05f);
            gate = normal(random, d * c.intermediateSize());
            up = normal(random, d * c.intermediateSize());
            down = normal(random, c.intermediateSize() * d);
        }
    }

    private LlamaWeights(LlamaConfig c) {
        Random random = new Random(c.seed());
        int d = c.hiddenSize();
        embed = normal(random, c.vocabSize() * d);
        layers = new Layer[c.layers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new Layer(c, random);
        }
        norm = around(random, d, 1f, 0.05f);
        lmHead = normal(random, c.vocabSize() * d);
        LlamaLengthPrior.apply(c, embed, lmHead);
    }

    public static LlamaWeights generate(LlamaConfig config) {
        return new LlamaWeights(config);
    }

    /** The number of weights a config has. */
    public static long parameterCount(LlamaConfig c) {
        long d = c.hiddenSize();
        long qWidth = (long) c.heads() * c.headDim();
        long kvWidth = (long) c.kvHeads() * c.headDim();
        long perLayer = 2 * d + 2 * d * qWidth + 2 * d * kvWidth + 3 * d * c.intermediateSize();
        return 2L * c.vocabSize() * d + c.layers() * perLayer + d;
    }
}
