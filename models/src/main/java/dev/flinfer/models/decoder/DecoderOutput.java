package dev.flinfer.models.decoder;

/**
 * What one call of a decoder returns: logits [batch][sequence][vocab], and the cache with this
 * call's keys and values appended.
 *
 * <pre>{@code
 * DecoderOutput out = java.run(ids, mask, positions, DecoderCache.empty(dims, ids.length));
 * }</pre>
 */
public record DecoderOutput(float[][][] logits, DecoderCache present) {}
