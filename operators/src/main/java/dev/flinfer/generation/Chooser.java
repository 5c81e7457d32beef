package dev.flinfer.generation;

import dev.flinfer.generation.Generated.FinishReason;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * Chooses each row's next token from its logits (greedy, seeded sampling, or beam search, with the
 * repetition penalty and the minimum length applied first) and ends the sequences that are done:
 * end-of-sequence token, stop string, or length. Pure Java; one per model, used by one running
 * batch at a time per call (it keeps no state of its own).
 */
final class Chooser {
    private final Decoding decoding;
    private final ModelShape shape;
    private final Function<long[], String> detokenize;
    private final boolean penalisePrompt;
    private final Sampler sampler;

    /**
     * @param penalisePrompt whether the repetition penalty counts the prompt's tokens (a
     *     decoder-only model, whose sequence holds its prompt)
     */
    Chooser(
            Decoding decoding,
            ModelShape shape,
            Function<long[], String> detokenize,
            boolean penalisePrompt) {
        this.decoding = decoding;
        this.shape = shape;
        this.detokenize = detokenize;
        this.penalisePrompt = penalisePrompt;
        this.sampler = new Sampler(decoding);
    }

    /** A row that goes on: the row it grew from (its cache) and itself. */
    record Next(int source, Row row) {}

    /**
     * Advances {@code rows} (a sequence's rows side by side) by one token each, from {@code
     * logits}, row {@code i}'s scores starting at {@code offsets[i]}. Returns the rows that go on;
     * sequences that are done get their result and are added to {@code done}.
     */
    List<Next> advance(List<Row> rows, FloatBuffer logits, int[] offsets, List<Sequence> done) {
        List<Next> next = new ArrayList<>(rows.size());
        float[] scores = new float[shape.vocab()];
        int i = 0;
        while (i < rows.size()) {
            Sequence sequence = rows.get(i).owner;
            int end = i;
            while (end < rows.size() && rows.get(end).owner == sequence) {
                end++;
            }
            if (decoding.numBeams() > 1) {
                beams(rows, i, end, logits, offsets, scores, next, done);
            } else {
                Row row = rows.get(i);
                if (plainGreedy(row)) {
                    // nothing changes the scores: the best one is read where it lies
                    row.add(Sampler.argmax(logits, offsets[i], scores.length));
                } else {
                    scores(row, logits, offsets[i], scores);
                    row.add(
                            decoding.sampling()
                                    ? sampler.sample(scores, sequence.random())
                                    : Sampler.argmax(scores));
                }
                if (!finished(row)) {
                    next.add(new Next(i, row));
                } else {
                    done.add(sequence);
                }
            }
            i = end;
        }
        return next;
    }

    /** Whether the row's next token is the argmax of its raw logits. */
    private boolean plainGreedy(Row row) {
        return !decoding.sampling()
                && decoding.repetitionPenalty() == 1f
                && row.count() >= decoding.minNewTokens();
    }

    /** Row {@code row}'s logits at {@code offset}, with the penalty and minimum length applied. */
    private void scores(Row row, FloatBuffer logits, int offset, float[] scores) {
        logits.get(offset, scores);
        process(row, scores);
    }

    /** The repetition penalty and the minimum length, applied to {@code scores} in place. */
    private void process(Row row, float[] scores) {
        float penalty = decoding.repetitionPenalty();
        if (penalty != 1f) {
            // each token once, however often it occurs, as Hugging Face applies it
            BitSet seen = new BitSet(scores.length);
            if (penalisePrompt) {
                for (long token : row.owner.prompt()) {
                    penalise(scores, token, penalty, seen);
                }
            }
            for (int t = 0; t < row.count(); t++) {
                penalise(scores, row.token(t), penalty, seen);
            }
        }
        if (row.count() < decoding.minNewTokens()) {
            for (long eos : shape.eos()) {
                if (eos >= 0 && eos < scores.length) {
                    scores[(int) eos] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** CTRL's penalty: positive scores divided by it, negative ones multiplied. */
    private static void penalise(float[] scores, long token, float penalty, BitSet seen) {
        if (token >= 0 && token < scores.length && !seen.get((int) token)) {
            int t = (int) token;
            seen.set(t);
            scores[t] = scores[t] > 0 ? scores[t] / penalty : scores[t] * penalty;
        }
    }

    /** Whether the row's last token ended it; if so its sequence gets its result. */
    private boolean finished(Row row) {
        long[] tokens = row.tokens();
        if (shape.isEos(row.last())) {
            long[] text = Arrays.copyOf(tokens, tokens.length - 1);
            row.owner.finish(new Generated(detokenize.apply(text), text.length, FinishReason.EOS));
            return true;
        }
        if (!decoding.stopStrings().isEmpty()) {
            Generated stopped = stopped(tokens);
            if (stopped != null) {
                row.owner.finish(stopped);
                return true;
            }
        }
        if (tokens.length >= row.owner.maxNewTokens()) {
            row.owner.finish(
                    new Generated(detokenize.apply(tokens), tokens.length, FinishReason.LENGTH));
            return true;
        }
        return false;
    }

    /** The result cut before the first stop string in the text of {@code tokens}, or null. */
    private Generated stopped(long[] tokens) {
        String text = detokenize.apply(tokens);
        int cut = -1;
        for (String stop : decoding.stopStrings()) {
            int at = text.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut < 0) {
            return null;
        }
        // the tokens whose text lies before the cut (the stop string may span several)
        int kept = tokens.length - 1;
        while (kept > 0 && detokenize.apply(Arrays.copyOf(tokens, kept)).length() > cut) {
            kept--;
        }
        return new Generated(text.substring(0, cut), kept, FinishReason.STOP);
    }

    private void beams(
            List<Row> rows,
            int from,
            int to,
            FloatBuffer logits,
            int[] offsets,
            float[] scores,
            List<Next> next,
            List<Sequence> done) {
        Sequence sequence = rows.get(from).owner;
        int beams = decoding.numBeams();
        BeamCandidates candidates = new BeamCandidates(2 * beams);
        for (int r = from; r < to; r++) {
            Row row = rows.get(r);
            // as Hugging Face's beam search: log-probabilities first, then the processors on
            // them, not normalised again
            logits.get(offsets[r], scores);
            Sampler.logSoftmax(scores);
            process(row, scores);
            for (int v = 0; v < scores.length; v++) {
                candidates.offer(r, v, row.score + scores[v]);
            }
        }
        List<Next> grown = new ArrayList<>(beams);
        int rank = 0;
        for (BeamCandidates.Candidate c : candidates.best()) {
            Row row = rows.get(c.row());
            if (shape.isEos(c.token())) {
                if (rank < beams) {
                    keep(sequence, row.tokens(), c.score(), row.count() + 1, true);
                }
            } else if (grown.size() < beams) {
                grown.add(new Next(c.row(), row.extend(c.token(), c.score())));
            }
            rank++;
        }
        int length = rows.get(from).count() + 1;
        boolean full = length >= sequence.maxNewTokens();
        boolean settled =
                grown.isEmpty()
                        || sequence.hypotheses.size() >= beams
                                && worst(sequence) >= grown.get(0).row().score / length;
        if (!full && !settled) {
            next.addAll(grown);
            return;
        }
        if (full) {
            for (Next beam : grown) {
                keep(sequence, beam.row().tokens(), beam.row().score, length, false);
            }
        }
        Sequence.Hypothesis best = sequence.hypotheses.get(0);
        for (Sequence.Hypothesis h : sequence.hypotheses) {
            if (h.score() > best.score()) {
                best = h;
            }
        }
        Generated stopped = decoding.stopStrings().isEmpty() ? null : stopped(best.tokens());
        sequence.finish(
                stopped != null
                        ? stopped
                        : new Generated(
                                detokenize.apply(best.tokens()),
                                best.tokens().length,
                                best.eos() ? FinishReason.EOS : FinishReason.LENGTH));
        done.add(sequence);
    }

    /** Keeps a finished hypothesis among the sequence's best {@code numBeams}. */
    private void keep(Sequence sequence, long[] tokens, double sum, int length, boolean eos) {
        sequence.hypotheses.add(new Sequence.Hypothesis(tokens, sum / length, eos));
        if (sequence.hypotheses.size() > decoding.numBeams()) {
            int worst = 0;
            for (int h = 1; h < sequence.hypotheses.size(); h++) {
                if (sequence.hypotheses.get(h).score() < sequence.hypotheses.get(worst).score()) {
                    worst = h;
                }
            }
            sequence.hypotheses.remove(worst);
        }
    }

    private static double worst(Sequence sequence) {
        double worst = Double.POSITIVE_INFINITY;
        for (Sequence.Hypothesis h : sequence.hypotheses) {
            worst = Math.min(worst, h.score());
        }
        return worst;
    }
}
