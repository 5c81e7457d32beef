package dev.flinfer.models.t5;

/**
 * The shape of a generated T5 (v1.0 architecture) encoder-decoder, checked when it is made: every
 * size positive, token ids inside the vocabulary. A message names the bad value. Field names follow
 * Hugging Face's {@code T5Config}.
 *
 * <pre>{@code
 * T5Config tiny = T5Config.tiny();           // d_model 64, 4 heads of 16, 2 + 2 layers, MiniLM vocab
 * T5Config other = T5Config.tiny().withSeed(7);
 * }</pre>
 *
 * @param vocabSize token embeddings (shared by encoder, decoder and the tied output projection)
 * @param dModel width of the hidden states
 * @param dKv width of one attention head
 * @param numHeads attention heads per attention layer
 * @param dFf inner width of the feed-forward layers
 * @param numLayers encoder blocks
 * @param numDecoderLayers decoder blocks
 * @param relativeAttentionNumBuckets buckets of the relative position bias
 * @param relativeAttentionMaxDistance distance from which all positions share the last bucket
 * @param nPositions the context limit a runtime should keep to (T5 itself has no position table)
 * @param decoderStartTokenId the first decoder token
 * @param eosTokenId the token that ends a generated sequence
 * @param padTokenId the padding token
 * @param seed the seed all weights are drawn from
 */
public record T5Config(
        int vocabSize,
        int dModel,
        int dKv,
        int numHeads,
        int dFf,
        int numLayers,
        int numDecoderLayers,
        int relativeAttentionNumBuckets,
        int relativeAttentionMaxDistance,
        int nPositions,
        int decoderStartTokenId,
        int eosTokenId,
        int padTokenId,
        long seed) {
    /** The vocabulary of the MiniLM (BERT uncased) tokenizer the bundles ship. */
    public static final int MINILM_VOCAB_SIZE = 30522;

    public static final float LAYER_NORM_EPSILON = 1e-6f;
    public static final long DEFAULT_SEED = 20260512L;

    public T5Config {
        positive("vocabSize", vocabSize);
        positive("dModel", dModel);
        positive("dKv", dKv);
        positive("numHeads", numHeads);
        positive("dFf", dFf);
        positive("numLayers", numLayers);
        positive("numDecoderLayers", numDecoderLayers);
        positive("nPositions", nPositions);
        if (relativeAttentionNumBuckets < 4 || relativeAttentionNumBuckets % 4 != 0) {
            throw new IllegalArgumentException(
                    "relativeAttentionNumBuckets must be a positive multiple of 4, got "
                            + relativeAttentionNumBuckets);
        }
        if (relativeAttentionMaxDistance <= relativeAttentionNumBuckets / 2) {
            throw new IllegalArgumentException(
                    "relativeAttentionMaxDistance must exceed half the buckets ("
                            + relativeAttentionNumBuckets / 2
                            + "), got "
                            + relativeAttentionMaxDistance);
        }
        token("decoderStartTokenId", decoderStartTokenId, vocabSize);
        token("eosTokenId", eosTokenId, vocabSize);
        token("padTokenId", padTokenId, vocabSize);
    }

    /**
     * A tiny T5 over the MiniLM vocabulary: d_model 64, 4 heads of 16, d_ff 128, 2 encoder and 2
     * decoder blocks, 32 buckets up to distance 128, context 512; starts at [PAD] (0), ends at
     * [SEP] (102).
     */
    public static T5Config tiny() {
        return new T5Config(
                MINILM_VOCAB_SIZE, 64, 16, 4, 128, 2, 2, 32, 128, 512, 0, 102, 0, DEFAULT_SEED);
    }

    public T5Config withSeed(long newSeed) {
        return new T5Config(
                vocabSize,
                dModel,
                dKv,
                numHeads,
                dFf,
                numLayers,
                numDecoderLayers,
                relativeAttentionNumBuckets,
                relativeAttentionMaxDistance,
                nPositions,
                decoderStartTokenId,
                eosTokenId,
                padTokenId,
                newSeed);
    }

    /** The width of all heads together, {@code numHeads * dKv}. */
    public int inner() {
        return numHeads * dKv;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void token(String name, int id, int vocabSize) {
        if (id < 0 || id >= vocabSize) {
            throw new IllegalArgumentException(
                    name + " must be in [0, " + vocabSize + "), got " + id);
        }
    }
}
