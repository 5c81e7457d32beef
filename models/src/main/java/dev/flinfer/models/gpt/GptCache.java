package dev.flinfer.models.gpt;

/**
 * The key/value cache of {@link GptForward}: per layer, keys and values [batch][heads][length]
 * [headSize], what the graph's {@code past_key_values.{i}.*} and {@code present.{i}.*} hold.
 *
 * <pre>{@code
 * GptCache past = GptCache.empty(config, 2);   // length 0, for a first call
 * }</pre>
 *
 * @param keys [layer][batch][head][position][dim]
 * @param values [layer][batch][head][position][dim]
 */
public record GptCache(float[][][][][] keys, float[][][][][] values) {
    public static GptCache empty(GptConfig c, int batch) {
        return new GptCache(
                new float[c.nLayer()][batch][c.nHead()][0][c.headSize()],
                new float[c.nLayer()][batch][c.nHead()][0][c.headSize()]);
    }

    public int batch() {
        return keys[0].length;
    }

    /** Positions held. */
    public int length() {
        return keys[0][0][0].length;
    }
}
