package dev.flinfer.models.llama;

import dev.flinfer.models.decoder.DecoderDims;

/**
 * The shape of a generated Llama-style decoder, checked when it is made: every size positive, the
 * query heads a whole number of key/value heads (grouped-query attention), an even head size (for
 * the rotary embedding), the special token ids inside the vocabulary. A message names the bad
 * value.
 *
 * <pre>{@code
 * LlamaConfig tiny = LlamaConfig.tinyMiniLm();   // 64 wide, 2 layers, 4 query and 2 kv heads
 * LlamaConfig other = tiny.withSeed(7);
 * }</pre>
 *
 * @param vocabSize tokens of the vocabulary (the tokenizer's)
 * @param hiddenSize width of the residual stream
 * @param intermediateSize inner width of the SwiGLU MLP
 * @param layers decoder blocks
 * @param heads query heads per block
 * @param kvHeads key/value heads per block, each serving {@code heads / kvHeads} query heads
 * @param headDim size of one head
 * @param maxPositions the longest sequence (prompt and generated tokens)
 * @param bosTokenId the token a sequence may start with
 * @param eosTokenId the token that ends generation
 * @param padTokenId the token that fills left-padded rows
 * @param seed the seed all weights are drawn from
 */
public record LlamaConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int maxPositions,
        int bosTokenId,
        int eosTokenId,
        int padTokenId,
        long seed) {
    public static final long DEFAULT_SEED = 42;
    public static final float RMS_NORM_EPS = 1e-6f;
    public static final float ROPE_THETA = 10000f;

    public LlamaConfig {
        for (int[] size :
                new int[][] {
                    {vocabSize},
                    {hiddenSize},
                    {intermediateSize},
                    {layers},
                    {heads},
                    {kvHeads},
                    {headDim},
                    {maxPositions}
                }) {
            if (size[0] < 1) {
                throw new IllegalArgumentException("Sizes must be >= 1, got " + size[0]);
            }
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(
                    "heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("headDim must be even, got " + headDim);
        }
        for (int id : new int[] {bosTokenId, eosTokenId, padTokenId}) {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException(
                        "Special token ids must be in [0, " + vocabSize + "), got " + id);
            }
        }
    }

    /**
     * Over the MiniLM tokenizer's vocabulary (30522): hidden 64, intermediate 128, 2 layers, 4
     * query heads and 2 key/value heads of 16, 256 positions; bos [CLS] (101), eos [SEP] (102), pad
     * [PAD] (0); seed {@value #DEFAULT_SEED}.
     */
    public static LlamaConfig tinyMiniLm() {
        return new LlamaConfig(30522, 64, 128, 2, 4, 2, 16, 256, 101, 102, 0, DEFAULT_SEED);
    }

    public LlamaConfig withSeed(long newSeed) {
        return new LlamaConfig(
                vocabSize,
                hiddenSize,
                intermediateSize,
                layers,
                heads,
                kvHeads,
                headDim,
                maxPositions,
                bosTokenId,
                eosTokenId,
                padTokenId,
                newSeed);
    }

    /** The sizes and tokens the shared decoder parts take: the cache has {@code kvHeads}. */
    public DecoderDims dims() {
        return new DecoderDims(
                layers,
                kvHeads,
                headDim,
                vocabSize,
                maxPositions,
                bosTokenId,
                eosTokenId,
                padTokenId);
    }

    /** Query heads per key/value head. */
    public int groups() {
        return heads / kvHeads;
    }
}
