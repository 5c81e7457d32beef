package dev.flinfer.models.llama;

import static dev.flinfer.models.llama.LlamaMath.rmsNorm;
import static dev.flinfer.models.nn.NnMath.addInto;
import static dev.flinfer.models.nn.NnMath.linear;
import static dev.flinfer.models.nn.NnMath.timesRows;

import dev.flinfer.models.decoder.DecoderAttention;
import dev.flinfer.models.decoder.DecoderCache;
import dev.flinfer.models.decoder.DecoderOutput;
import java.util.Arrays;

/**
 * The same Llama-style decoder computed in plain Java, independent of ONNX and of {@link
 * LlamaGraph}: the reference the generated graph is checked against, with the graph's inputs, cache
 * (rotated keys, {@code kvHeads} heads) and mask rules. Slow, meant for small configs.
 *
 * <pre>{@code
 * LlamaForward java = new LlamaForward(config, LlamaWeights.generate(config));
 * DecoderOutput out = java.run(ids, mask, positions, DecoderCache.empty(config.dims(), 2));
 * }</pre>
 */
public final class LlamaForward {
    private final LlamaConfig c;
    private final LlamaWeights w;
    private final float[] inverseFrequencies;

    public LlamaForward(LlamaConfig config, LlamaWeights weights) {
        this.c = config;
        this.w = weights;
        this.inverseFrequencies = LlamaMath.inverseFrequencies(config.headDim());
    }

    /**
     * One call: {@code inputIds} and {@code positionIds} [batch][sequence], {@code attentionMask}
     * [batch][past + sequence], {@code past} of any length (0 for the first call).
     */
    public DecoderOutput run(
            long[][] inputIds, long[][] attentionMask, long[][] positionIds, DecoderCache past) {
        int batch = inputIds.length;
        int seq = inputIds[0].length;
        if (past.batch() != batch || attentionMask[0].length != past.length() + seq) {
            throw new IllegalArgumentException(
                    "attention_mask must have past + sequence columns and the past one row a"
                            + " prompt");
        }
        float[][][][][] keys = new float[c.layers()][batch][][][];
        float[][][][][] values = new float[c.layers()][batch][][][];
        float[][][] logits = new float[batch][seq][];
        int d = c.hiddenSize();
        for (int b = 0; b < batch; b++) {
            float[][] x = new float[seq][];
            for (int s = 0; s < seq; s++) {
                int token = (int) inputIds[b][s] * d;
                x[s] = Arrays.copyOfRange(w.embed, token, token + d);
            }
            for (int l = 0; l < c.layers(); l++) {
                float[][][] k = withRoom(past.keys()[l][b], seq);
                float[][][] v = withRoom(past.values()[l][b], seq);
                x = block(x, w.layers[l], k, v, attentionMask[b], positionIds[b]);
                keys[l][b] = k;
                values[l][b] = v;
            }
            for (int s = 0; s < seq; s++) {
                logits[b][s] = timesRows(rmsNorm(x[s], w.norm), w.lmHead, c.vocabSize());
            }
        }
        return new DecoderOutput(logits, new DecoderCache(keys, values));
    }

    /** The past [kvHead][position][dim] with room for {@code seq} more positions. */
    private static float[][][] withRoom(float[][][] past, int seq) {
        float[][][] grown = new float[past.length][][];
        for (int h = 0; h < past.length; h++) {
            grown[h] = Arrays.copyOf(past[h], past[h].length + seq);
        }
        return grown;
    }

    private float[][] block(
            float[][] x,
            LlamaWeights.Layer l,
            float[][][] keys,
            float[][][] values,
            long[] mask,
            long[] positions) {
        int hd = c.headDim();
        int past = keys[0].length - x.length;
        float[][] q = new float[x.length][];
        for (int s = 0; s < x.length; s++) {
            float[] h = rmsNorm(x[s], l.inputNorm);
            long position = positions[s];
            q[s] =
                    LlamaMath.rotate(
                            linear(h, l.q, c.heads() * hd), hd, inverseFrequencies, position);
            float[] k =
                    LlamaMath.rotate(
                            linear(h, l.k, c.kvHeads() * hd), hd, inverseFrequencies, position);
            float[] v = linear(h, l.v, c.kvHeads() * hd);
            for (int kv = 0; kv < c.kvHeads(); kv++) {
                keys[kv][past + s] = Arrays.copyOfRange(k, kv * hd, (kv + 1) * hd);
                values[kv][past + s] = Arrays.copyOfRange(v, kv * hd, (kv + 1) * hd);
            }
        }
        float scale = (float) (1 / Math.sqrt(hd));
        float[][] out = new float[x.length][];
        for (int s = 0; s < x.length; s++) {
            float[] attended = new float[c.heads() * hd];
            for (int h = 0; h < c.heads(); h++) {
                int kv = h / c.groups();
                DecoderAttention.head(
                        q[s],
                        h * hd,
                        hd,
                        keys[kv],
                        values[kv],
                        past + s,
                        mask,
                        scale,
                        attended,
                        h * hd);
            }
            float[] residual = x[s].clone();
            addInto(residual, linear(attended, l.o, c.hiddenSize()));
            float[] h2 = rmsNorm(residual, l.postNorm);
            float[] gate = linear(h2, l.gate, c.intermediateSize());
            LlamaMath.swiGlu(gate, linear(h2, l.up, c.intermediateSize()));
            addInto(residual, linear(gate, l.down, c.hiddenSize()));
            out[s] = residual;
        }
        return out;
    }
}
