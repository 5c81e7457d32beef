package dev.flinfer.models.t5;

import ai.onnxruntime.OrtException;
import java.util.Arrays;
import java.util.Map;

/**
 * Greedy decoding for tests, a fixed number of steps (no stop at EOS): with the cache (presents fed
 * back, one new token per call) or without it (the no-past decoder re-run on the whole decoder
 * sequence each step).
 */
final class T5Greedy {
    private T5Greedy() {}

    static long[][] cached(T5Ort ort, long[][] ids, long[][] mask, int steps, boolean pair)
            throws OrtException {
        float[][][] hidden = ort.encode(ids, mask);
        int batch = ids.length;
        long[][] tokens = new long[batch][steps];
        long[][] next = new long[batch][1];
        for (long[] row : next) {
            row[0] = T5Ort.CONFIG.decoderStartTokenId();
        }
        Map<String, float[][][][]> past = null;
        for (int s = 0; s < steps; s++) {
            T5Ort.Step step =
                    pair
                            ? ort.pair(next, mask, hidden, past)
                            : ort.merged(next, mask, hidden, past);
            for (int b = 0; b < batch; b++) {
                tokens[b][s] = argmax(step.logits()[b][0]);
                next[b][0] = tokens[b][s];
            }
            past = step.presents();
        }
        return tokens;
    }

    static long[][] uncached(T5Ort ort, long[][] ids, long[][] mask, int steps)
            throws OrtException {
        float[][][] hidden = ort.encode(ids, mask);
        int batch = ids.length;
        long[][] sequence = new long[batch][1];
        for (long[] row : sequence) {
            row[0] = T5Ort.CONFIG.decoderStartTokenId();
        }
        for (int s = 0; s < steps; s++) {
            float[][][] logits = ort.merged(sequence, mask, hidden, null).logits();
            long[][] longer = new long[batch][];
            for (int b = 0; b < batch; b++) {
                longer[b] = Arrays.copyOf(sequence[b], s + 2);
                longer[b][s + 1] = argmax(logits[b][s]);
            }
            sequence = longer;
        }
        long[][] tokens = new long[batch][];
        for (int b = 0; b < batch; b++) {
            tokens[b] = Arrays.copyOfRange(sequence[b], 1, steps + 1);
        }
        return tokens;
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Right-pads {@code inputs} with {@code pad} to the longest; {@code mask} gets 1 and 0. */
    static long[][][] padded(long[][] inputs, long pad) {
        int longest = Arrays.stream(inputs).mapToInt(a -> a.length).max().orElse(0);
        long[][] ids = new long[inputs.length][longest];
        long[][] mask = new long[inputs.length][longest];
        for (int b = 0; b < inputs.length; b++) {
            Arrays.fill(ids[b], pad);
            System.arraycopy(inputs[b], 0, ids[b], 0, inputs[b].length);
            Arrays.fill(mask[b], 0, inputs[b].length, 1);
        }
        return new long[][][] {ids, mask};
    }
}
