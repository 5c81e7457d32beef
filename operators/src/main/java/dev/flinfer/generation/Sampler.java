package dev.flinfer.generation;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks a token from scores: the most likely one, or one drawn from the distribution at the
 * configured temperature after top-k and top-p (nucleus) filtering, with the sequence's own
 * generator. Ties go to the lowest id, so a choice never depends on anything but the scores.
 */
final class Sampler {
    private final Decoding decoding;

    Sampler(Decoding decoding) {
        this.decoding = decoding;
    }

    static int argmax(float[] scores) {
        int best = 0;
        for (int v = 1; v < scores.length; v++) {
            if (scores[v] > scores[best]) {
                best = v;
            }
        }
        return best;
    }

    /** The index of the best of {@code count} scores from {@code offset} of {@code scores}. */
    static int argmax(FloatBuffer scores, int offset, int count) {
        int best = 0;
        float max = scores.get(offset);
        for (int v = 1; v < count; v++) {
            float score = scores.get(offset + v);
            if (score > max) {
                max = score;
                best = v;
            }
        }
        return best;
    }

    /** Replaces scores by their log-probabilities. */
    static void logSoftmax(float[] scores) {
        float max = scores[argmax(scores)];
        double sum = 0;
        for (float score : scores) {
            sum += Math.exp(score - max);
        }
        float log = (float) (max + Math.log(sum));
        for (int v = 0; v < scores.length; v++) {
            scores[v] -= log;
        }
    }

    int sample(float[] scores, SplittableRandom random) {
        int[] order = candidates(scores);
        float max = scores[order[0]];
        double[] weights = new double[order.length];
        double total = 0;
        for (int i = 0; i < order.length; i++) {
            weights[i] = Math.exp((scores[order[i]] - max) / decoding.temperature());
            total += weights[i];
        }
        int kept = order.length;
        if (decoding.topP() < 1f) {
            double mass = 0;
            for (int i = 0; i < order.length; i++) {
                mass += weights[i] / total;
                if (mass >= decoding.topP()) {
                    kept = i + 1;
                    break;
                }
            }
            total = 0;
            for (int i = 0; i < kept; i++) {
                total += weights[i];
            }
        }
        double draw = random.nextDouble() * total;
        for (int i = 0; i < kept; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    /**
     * Token ids by falling score (ties by id), the top k only when top-k is set; the ids with an
     * impossible score ({@code -inf}) left out unless nothing else is there.
     */
    private int[] candidates(float[] scores) {
        int k = decoding.topK() > 0 ? Math.min(decoding.topK(), scores.length) : scores.length;
        long[] keyed = new long[scores.length];
        for (int v = 0; v < scores.length; v++) {
            // sortable key: the score's order-preserving bits (negated, so best first), then id
            int bits = Float.floatToIntBits(scores[v]);
            int ordered = bits ^ ((bits >> 31) & 0x7FFFFFFF);
            keyed[v] = ((long) ~ordered << 32) | v;
        }
        Arrays.sort(keyed);
        int count = 0;
        int[] order = new int[k];
        for (int i = 0; i < k; i++) {
            int v = (int) (keyed[i] & 0xFFFFFFFFL);
            if (scores[v] == Float.NEGATIVE_INFINITY && count > 0) {
                break;
            }
            order[count++] = v;
        }
        return Arrays.copyOf(order, count);
    }
}
