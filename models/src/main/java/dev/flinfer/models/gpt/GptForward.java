package dev.flinfer.models.gpt;

import static dev.flinfer.models.gpt.GptMath.geluNew;
import static dev.flinfer.models.gpt.GptMath.layerNorm;
import static dev.flinfer.models.nn.NnMath.addInto;
import static dev.flinfer.models.nn.NnMath.linear;
import static dev.flinfer.models.nn.NnMath.timesRows;

import dev.flinfer.models.decoder.DecoderCache;
import dev.flinfer.models.decoder.DecoderOutput;

/**
 * The same decoder computed in plain Java, independent of ONNX and of {@link GptGraph}: the
 * reference the generated graph is checked against, with the graph's inputs, cache and mask rules.
 * Slow (no vectorisation), meant for small configs.
 *
 * <pre>{@code
 * GptForward java = new GptForward(config, GptWeights.generate(config));
 * DecoderOutput out = java.run(ids, mask, positions, DecoderCache.empty(config.dims(), 2));
 * }</pre>
 */
public final class GptForward {
    private final GptConfig c;
    private final GptWeights w;

    public GptForward(GptConfig config, GptWeights weights) {
        this.c = config;
        this.w = weights;
    }

    /**
     * One call: {@code inputIds} and {@code positionIds} [batch][sequence], {@code attentionMask}
     * [batch][past + sequence], {@code past} of any length (0 for the first call).
     */
    public DecoderOutput run(
            long[][] inputIds, long[][] attentionMask, long[][] positionIds, DecoderCache past) {
        int batch = inputIds.length;
        int seq = inputIds[0].length;
        int total = past.length() + seq;
        if (past.batch() != batch || attentionMask[0].length != total) {
            throw new IllegalArgumentException(
                    "attention_mask has "
                            + attentionMask[0].length
                            + " columns and the past "
                            + past.batch()
                            + " rows; expected "
                            + total
                            + " columns and "
                            + batch
                            + " rows");
        }
        float[][][][][] keys = new float[c.nLayer()][batch][c.nHead()][][];
        float[][][][][] values = new float[c.nLayer()][batch][c.nHead()][][];
        float[][][] logits = new float[batch][seq][];
        int d = c.nEmbd();
        for (int b = 0; b < batch; b++) {
            float[][] x = new float[seq][d];
            for (int s = 0; s < seq; s++) {
                int token = (int) inputIds[b][s] * d;
                int position = (int) positionIds[b][s] * d;
                for (int j = 0; j < d; j++) {
                    x[s][j] = w.wte[token + j] + w.wpe[position + j];
                }
            }
            for (int l = 0; l < c.nLayer(); l++) {
                GptAttention attention =
                        new GptAttention(c, past.keys()[l][b], past.values()[l][b], seq);
                x = block(x, w.layers[l], attention, attentionMask[b]);
                keys[l][b] = attention.keys;
                values[l][b] = attention.values;
            }
            for (int s = 0; s < seq; s++) {
                logits[b][s] =
                        timesRows(layerNorm(x[s], w.lnFScale, w.lnFBias), w.wte, c.vocabSize());
            }
        }
        return new DecoderOutput(logits, new DecoderCache(keys, values));
    }

    private float[][] block(float[][] x, GptWeights.Layer l, GptAttention attention, long[] mask) {
        int d = c.nEmbd();
        float[][] q = new float[x.length][];
        for (int s = 0; s < x.length; s++) {
            float[] qkv =
                    linear(layerNorm(x[s], l.ln1Scale, l.ln1Bias), l.cAttn, l.cAttnBias, 3 * d);
            q[s] = qkv;
            attention.append(s, qkv);
        }
        float[][] out = new float[x.length][];
        for (int s = 0; s < x.length; s++) {
            float[] residual = x[s].clone();
            addInto(
                    residual,
                    linear(attention.attend(s, q[s], mask), l.attnProj, l.attnProjBias, d));
            float[] m =
                    linear(layerNorm(residual, l.ln2Scale, l.ln2Bias), l.fc, l.fcBias, c.nInner());
            geluNew(m);
            addInto(residual, linear(m, l.mlpProj, l.mlpProjBias, d));
            out[s] = residual;
        }
        return out;
    }
}
