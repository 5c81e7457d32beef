package dev.flinfer.generation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The best {@code n} (row, token) extensions of a sequence's beams by summed log-probability. */
final class BeamCandidates {
    record Candidate(int row, int token, double score) {}

    private static final Comparator<Candidate> WORST_FIRST =
            Comparator.comparingDouble(Candidate::score)
                    .thenComparing(Comparator.comparingInt(Candidate::row).reversed())
                    .thenComparing(Comparator.comparingInt(Candidate::token).reversed());

    private final int n;
    private final PriorityQueue<Candidate> kept;

    BeamCandidates(int n) {
        this.n = n;
        this.kept = new PriorityQueue<>(n + 1, WORST_FIRST);
    }

    void offer(int row, int token, double score) {
        if (kept.size() < n) {
            kept.add(new Candidate(row, token, score));
        } else if (score > kept.peek().score()) {
            kept.poll();
            kept.add(new Candidate(row, token, score));
        }
    }

    /** The kept candidates, best first. */
    List<Candidate> best() {
        List<Candidate> best = new ArrayList<>(kept);
        best.sort(WORST_FIRST.reversed());
        return best;
    }
}
