package dev.flinfer.models.decoder;

/**
 * The sizes and special tokens a generated decoder-only model's graph, cache and bundle are built
 * from, whatever its architecture.
 *
 * <pre>{@code
 * DecoderDims dims = GptConfig.tinyMiniLm().dims();
 * DecoderCache past = DecoderCache.empty(dims, 2);
 * }</pre>
 *
 * @param layers decoder blocks (one key and one value cache each)
 * @param kvHeads key/value heads per block: the cache's second axis
 * @param headSize size of one head: the cache's last axis
 * @param vocabSize logits per position
 * @param positions the longest sequence (prompt and generated tokens)
 * @param bosTokenId the token a sequence may start with
 * @param eosTokenId the token that ends generation
 * @param padTokenId the token that fills left-padded rows
 */
public record DecoderDims(
        int layers,
        int kvHeads,
        int headSize,
        int vocabSize,
        int positions,
        int bosTokenId,
        int eosTokenId,
        int padTokenId) {}
