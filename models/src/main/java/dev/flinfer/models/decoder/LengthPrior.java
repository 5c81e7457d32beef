package dev.flinfer.models.decoder;

import java.util.Random;

/**
 * The weight edits that make greedy generation of an untrained decoder end at EOS after a number of
 * tokens that depends on the prompt, all along u, the unit vector of the EOS row of the output
 * projection: that row scaled up (so a hidden state leaning along u scores EOS above the other
 * tokens), every other token's input row given a seeded lean along u (so where EOS wins moves with
 * the tokens in play), and, where the model has a table of positions, a component along u growing
 * with the position.
 *
 * <pre>{@code
 * float[] u = LengthPrior.scaleRow(lmHead, eos, d, 0.7f);
 * LengthPrior.lean(embeddings, d, eos, u, 0.05f, new Random(seed));
 * }</pre>
 */
public final class LengthPrior {
    private LengthPrior() {}

    /** Scales row {@code row} of {@code table} [rows, d] to norm {@code norm}; returns its unit. */
    public static float[] scaleRow(float[] table, int row, int d, float norm) {
        int offset = row * d;
        double length = 0;
        for (int j = 0; j < d; j++) {
            length += (double) table[offset + j] * table[offset + j];
        }
        length = Math.sqrt(length);
        float[] unit = new float[d];
        for (int j = 0; j < d; j++) {
            unit[j] = (float) (table[offset + j] / length);
            table[offset + j] = norm * unit[j];
        }
        return unit;
    }

    /**
     * Adds to every row of {@code table} [rows, d] but {@code skip} a normal lean along {@code
     * unit} of standard deviation {@code std}; one draw per row, the skipped one included.
     */
    public static void lean(
            float[] table, int d, int skip, float[] unit, float std, Random random) {
        int rows = table.length / d;
        for (int v = 0; v < rows; v++) {
            float amount = std * (float) random.nextGaussian();
            if (v != skip) {
                addAlong(table, v * d, unit, amount);
            }
        }
    }

    /** Adds {@code amount * unit} to the row of {@code table} at {@code offset}. */
    public static void addAlong(float[] table, int offset, float[] unit, float amount) {
        for (int j = 0; j < unit.length; j++) {
            table[offset + j] += amount * unit[j];
        }
    }
}
