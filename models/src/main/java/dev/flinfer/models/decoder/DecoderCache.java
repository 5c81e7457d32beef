package dev.flinfer.models.decoder;

/**
 * The key/value cache of a plain-Java decoder forward pass: per layer, keys and values
 * [batch][kvHeads][length][headSize], what the graph's {@code past_key_values.{i}.*} and {@code
 * present.{i}.*} hold.
 *
 * <pre>{@code
 * DecoderCache past = DecoderCache.empty(config.dims(), 2);   // length 0, for a first call
 * }</pre>
 *
 * @param keys [layer][batch][head][position][dim]
 * @param values [layer][batch][head][position][dim]
 */
public record DecoderCache(float[][][][][] keys, float[][][][][] values) {
    public static DecoderCache empty(DecoderDims d, int batch) {
        return new DecoderCache(
                new float[d.layers()][batch][d.kvHeads()][0][d.headSize()],
                new float[d.layers()][batch][d.kvHeads()][0][d.headSize()]);
    }

    public int batch() {
        return keys[0].length;
    }

    /** Positions held. */
    public int length() {
        return keys[0][0][0].length;
    }
}
