package dev.flinfer.models.gpt;

import dev.flinfer.models.decoder.DecoderAttention;
import java.util.Arrays;

/**
 * Causal multi-head attention of one row of a batch in one layer, in plain Java, for the reference
 * forward pass: the past keys and values with this call's appended, and per head softmax(q·Kᵀ /
 * sqrt(headSize) + mask bias) · V, by {@link DecoderAttention}.
 */
final class GptAttention {
    /** [head][past + sequence][headSize]. */
    final float[][][] keys;

    final float[][][] values;
    private final GptConfig c;
    private final int past;

    GptAttention(GptConfig c, float[][][] pastKeys, float[][][] pastValues, int seq) {
        this.c = c;
        this.past = pastKeys[0].length;
        keys = new float[c.nHead()][past + seq][];
        values = new float[c.nHead()][past + seq][];
        for (int h = 0; h < c.nHead(); h++) {
            System.arraycopy(pastKeys[h], 0, keys[h], 0, past);
            System.arraycopy(pastValues[h], 0, values[h], 0, past);
        }
    }

    /** Stores the key and value of query {@code s} from its projection [q | k | v]. */
    void append(int s, float[] qkv) {
        int d = c.nEmbd();
        int hs = c.headSize();
        for (int h = 0; h < c.nHead(); h++) {
            keys[h][past + s] = Arrays.copyOfRange(qkv, d + h * hs, d + (h + 1) * hs);
            values[h][past + s] = Arrays.copyOfRange(qkv, 2 * d + h * hs, 2 * d + (h + 1) * hs);
        }
    }

    /** The heads' outputs side by side [nEmbd] for query {@code s} (its q in {@code qkv}). */
    float[] attend(int s, float[] qkv, long[] mask) {
        int hs = c.headSize();
        float scale = (float) (1 / Math.sqrt(hs));
        float[] out = new float[c.nEmbd()];
        for (int h = 0; h < c.nHead(); h++) {
            DecoderAttention.head(
                    qkv, h * hs, hs, keys[h], values[h], past + s, mask, scale, out, h * hs);
        }
        return out;
    }
}
