package dev.flinfer.generation;

import java.util.Arrays;

/**
 * One row of a running batch: a hypothesis of a {@link Sequence} (its only one, or one of its
 * beams), with its new tokens and, for beam search, its summed log-probability.
 */
final class Row {
    final Sequence owner;
    private long[] tokens;
    private int count;
    final double score;

    Row(Sequence owner) {
        this(owner, new long[8], 0, 0);
    }

    private Row(Sequence owner, long[] tokens, int count, double score) {
        this.owner = owner;
        this.tokens = tokens;
        this.count = count;
        this.score = score;
    }

    /** Adds {@code token} to this row (greedy and sampling rows grow in place). */
    void add(long token) {
        if (count == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[count++] = token;
    }

    /** A new beam: this row's tokens and {@code token}, scored {@code score}. */
    Row extend(long token, double score) {
        Row beam = new Row(owner, Arrays.copyOf(tokens, Math.max(count + 1, 8)), count, score);
        beam.add(token);
        return beam;
    }

    int count() {
        return count;
    }

    long last() {
        return tokens[count - 1];
    }

    long token(int i) {
        return tokens[i];
    }

    long[] tokens() {
        return Arrays.copyOf(tokens, count);
    }
}
