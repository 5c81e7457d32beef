package dev.flinfer.models.gpt;

import dev.flinfer.models.decoder.LengthPrior;
import java.util.Random;

/**
 * Makes greedy generation of the untrained model end at EOS after a number of tokens that depends
 * on the prompt. A decoder with random weights never picks EOS by itself (or picks it at once), so
 * three edits are made to the drawn embeddings, all written into the weights (the graph stays a
 * plain GPT-2), all along u, the unit vector of the EOS row of the token embedding:
 *
 * <ul>
 *   <li>the EOS row is scaled to norm {@link #EOS_ROW_NORM} (drawn rows are about 0.16), so a
 *       hidden state leaning along u scores EOS above the other tokens;
 *   <li>every position embedding gets {@code SLOPE * (position - ONSET)} along u: EOS is held off
 *       early and wins late;
 *   <li>every other token's row gets a seeded lean along u (normal, standard deviation {@link
 *       #TOKEN_LEAN}), so the position where EOS wins moves with the tokens in play.
 * </ul>
 *
 * <p>Tuned on 50 random prompts of 3 to 30 MiniLM words: greedy decoding with at most 64 new tokens
 * ends at EOS for 47, after 1 to 60 tokens (median about 23).
 */
final class GptLengthPrior {
    static final float EOS_ROW_NORM = 0.7f;

    /** The position where the EOS component of the position embedding crosses zero. */
    static final float ONSET = 45f;

    /** How much the EOS component of the position embedding grows per position. */
    static final float SLOPE = 0.004f;

    static final float TOKEN_LEAN = 0.05f;

    /** Mixed into the config's seed for the leans, so the drawn weights stay GPT-2's. */
    private static final long LEAN_SEED = 0x5eedL;

    private GptLengthPrior() {}

    static void apply(GptConfig c, float[] wte, float[] wpe) {
        int d = c.nEmbd();
        float[] unit = LengthPrior.scaleRow(wte, c.eosTokenId(), d, EOS_ROW_NORM);
        LengthPrior.lean(
                wte, d, c.eosTokenId(), unit, TOKEN_LEAN, new Random(c.seed() ^ LEAN_SEED));
        for (int p = 0; p < c.nPositions(); p++) {
            LengthPrior.addAlong(wpe, p * d, unit, SLOPE * (p - ONSET));
        }
    }

    /** One line for the bundle's config.json. */
    static String describe() {
        return String.format(
                "length prior: EOS embedding row scaled to norm %s, position embeddings plus %s x"
                        + " (position - %s) along it, other token rows a seeded lean along it (std"
                        + " %s)",
                EOS_ROW_NORM, SLOPE, ONSET, TOKEN_LEAN);
    }
}
