package dev.flinfer.models.gpt;

import dev.flinfer.models.decoder.DecoderDims;

/**
 * The shape of a generated GPT-2-style decoder, checked when it is made: every size positive, the
 * width a whole number of heads, the special token ids inside the vocabulary. A message names the
 * bad value.
 *
 * <pre>{@code
 * GptConfig tiny = GptConfig.tinyMiniLm();         // MiniLM's 30522 tokens, 64 wide, 2 layers
 * GptConfig other = GptConfig.tinyMiniLm().withSeed(7);
 * GptConfig custom = new GptConfig(1000, 32, 1, 2, 64, 1, 2, 0, 42);
 * }</pre>
 *
 * @param vocabSize tokens of the vocabulary (the tokenizer's); the embedding has one row each
 * @param nEmbd width of the token vectors
 * @param nLayer decoder blocks
 * @param nHead attention heads per block
 * @param nPositions learned positions, the longest sequence (prompt and generated tokens)
 * @param bosTokenId the token a sequence may start with
 * @param eosTokenId the token that ends generation
 * @param padTokenId the token that fills left-padded rows
 * @param seed the seed all weights are drawn from
 */
public record GptConfig(
        int vocabSize,
        int nEmbd,
        int nLayer,
        int nHead,
        int nPositions,
        int bosTokenId,
        int eosTokenId,
        int padTokenId,
        long seed) {
    public static final long DEFAULT_SEED = 42;

    /** The size of the MiniLM (BERT uncased) vocabulary, and its [CLS], [SEP] and [PAD] ids. */
    public static final int MINILM_VOCAB = 30522;

    public static final int MINILM_CLS = 101;
    public static final int MINILM_SEP = 102;
    public static final int MINILM_PAD = 0;

    public GptConfig {
        positive("vocabSize", vocabSize);
        positive("nEmbd", nEmbd);
        positive("nLayer", nLayer);
        positive("nHead", nHead);
        positive("nPositions", nPositions);
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException(
                    "nEmbd (" + nEmbd + ") must be a multiple of nHead (" + nHead + ")");
        }
        token("bosTokenId", bosTokenId, vocabSize);
        token("eosTokenId", eosTokenId, vocabSize);
        token("padTokenId", padTokenId, vocabSize);
    }

    /**
     * Over the MiniLM tokenizer's vocabulary: width 64, 2 layers, 4 heads of 16, 256 positions; bos
     * [CLS] (101), eos [SEP] (102), pad [PAD] (0); seed {@value #DEFAULT_SEED}.
     */
    public static GptConfig tinyMiniLm() {
        return new GptConfig(
                MINILM_VOCAB, 64, 2, 4, 256, MINILM_CLS, MINILM_SEP, MINILM_PAD, DEFAULT_SEED);
    }

    public GptConfig withSeed(long newSeed) {
        return new GptConfig(
                vocabSize,
                nEmbd,
                nLayer,
                nHead,
                nPositions,
                bosTokenId,
                eosTokenId,
                padTokenId,
                newSeed);
    }

    /** The sizes and tokens the shared decoder parts take (as many cache heads as heads). */
    public DecoderDims dims() {
        return new DecoderDims(
                nLayer,
                nHead,
                headSize(),
                vocabSize,
                nPositions,
                bosTokenId,
                eosTokenId,
                padTokenId);
    }

    public int headSize() {
        return nEmbd / nHead;
    }

    /** Inner width of each block's MLP: 4 x nEmbd, as in GPT-2. */
    public int nInner() {
        return 4 * nEmbd;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    private static void token(String name, int id, int vocabSize) {
        if (id < 0 || id >= vocabSize) {
            throw new IllegalArgumentException(
                    name + " must be in [0, " + vocabSize + "), got " + id);
        }
    }
}
