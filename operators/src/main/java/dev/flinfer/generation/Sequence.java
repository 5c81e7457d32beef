package dev.flinfer.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.annotation.PublicEvolving;

/**
 * One record's generation: its prompt tokens and salt (prepared once), and its progress (its rows
 * in the running batch, the finished beam hypotheses, its result), which {@link #restart} clears: a
 * sequence run again (after a failed step, or a replay) starts from its beginning with the same
 * random generator, so it makes the same text.
 */
@PublicEvolving
public final class Sequence {
    private final long[] prompt;
    private final long salt;
    private final int maxNewTokens;

    private SplittableRandom random;
    final List<Hypothesis> hypotheses = new ArrayList<>();
    private Generated result;

    /** A finished beam: its tokens, length-normalised score, and whether it ended at EOS. */
    record Hypothesis(long[] tokens, double score, boolean eos) {}

    /**
     * @param prompt the prompt's token ids (encoder input for an encoder-decoder model)
     * @param salt mixed with the configured seed: the record's offset, or its prompt's hash
     * @param maxNewTokens at most this many new tokens (the context may allow fewer than asked)
     */
    public Sequence(long[] prompt, long salt, int maxNewTokens) {
        this.prompt = prompt;
        this.salt = salt;
        this.maxNewTokens = maxNewTokens;
    }

    /** The most prompt tokens among {@code sequences}. */
    static int longestPrompt(List<Sequence> sequences) {
        int longest = 0;
        for (Sequence sequence : sequences) {
            longest = Math.max(longest, sequence.prompt.length);
        }
        return longest;
    }

    public long[] prompt() {
        return prompt;
    }

    public int maxNewTokens() {
        return maxNewTokens;
    }

    /** The result, once the sequence is done; null before. */
    public Generated result() {
        return result;
    }

    /**
     * Starts again from the beginning, with the generator seeded from {@code seed} and the salt.
     */
    void restart(long seed) {
        random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ salt);
        hypotheses.clear();
        result = null;
    }

    SplittableRandom random() {
        return random;
    }

    void finish(Generated generated) {
        this.result = generated;
    }

    boolean done() {
        return result != null;
    }
}
