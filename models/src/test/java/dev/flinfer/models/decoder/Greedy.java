package dev.flinfer.models.decoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy decoding of a batch of prompts, left-padded as a runtime would: mask 0 on the pads,
 * position ids counting real tokens (pads at 0). With the cache, the prompt is run once and each
 * step feeds one token and the presents back; without it, every step runs the whole sequence again
 * with an empty past.
 */
public final class Greedy {
    /** A forward pass with the graph's inputs: ONNX Runtime or the plain-Java reference. */
    public interface Model {
        DecoderOutput run(long[][] ids, long[][] mask, long[][] positions, DecoderCache past)
                throws Exception;
    }

    private Greedy() {}

    /** Per prompt, the generated tokens up to and including EOS, at most {@code maxNew}. */
    public static List<int[]> decode(
            Model model, DecoderDims c, List<int[]> prompts, int maxNew, boolean useCache)
            throws Exception {
        int batch = prompts.size();
        int width = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        List<List<Long>> ids = new ArrayList<>();
        List<List<Long>> mask = new ArrayList<>();
        List<List<Long>> positions = new ArrayList<>();
        for (int[] prompt : prompts) {
            List<Long> row = new ArrayList<>();
            List<Long> m = new ArrayList<>();
            List<Long> p = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                int k = i - (width - prompt.length);
                row.add(k < 0 ? (long) c.padTokenId() : prompt[k]);
                m.add(k < 0 ? 0L : 1L);
                p.add(k < 0 ? 0L : (long) k);
            }
            ids.add(row);
            mask.add(m);
            positions.add(p);
        }
        List<List<Integer>> out = new ArrayList<>();
        boolean[] done = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            out.add(new ArrayList<>());
        }
        DecoderOutput result =
                model.run(
                        array(ids, 0),
                        array(mask, 0),
                        array(positions, 0),
                        DecoderCache.empty(c, batch));
        for (int step = 0; step < maxNew; step++) {
            long[] next = new long[batch];
            boolean all = true;
            for (int b = 0; b < batch; b++) {
                float[][] rows = result.logits()[b];
                next[b] = argmax(rows[rows.length - 1]);
                if (!done[b]) {
                    out.get(b).add((int) next[b]);
                    done[b] = next[b] == c.eosTokenId();
                }
                all &= done[b];
            }
            if (all || step == maxNew - 1) {
                break;
            }
            for (int b = 0; b < batch; b++) {
                List<Long> p = positions.get(b);
                ids.get(b).add(next[b]);
                mask.get(b).add(1L);
                p.add(p.get(p.size() - 1) + 1);
            }
            int from = useCache ? width + step : 0;
            DecoderCache past = useCache ? result.present() : DecoderCache.empty(c, batch);
            result = model.run(array(ids, from), array(mask, 0), array(positions, from), past);
        }
        List<int[]> tokens = new ArrayList<>();
        for (List<Integer> row : out) {
            tokens.add(row.stream().mapToInt(Integer::intValue).toArray());
        }
        return tokens;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static long[][] array(List<List<Long>> rows, int from) {
        long[][] a = new long[rows.size()][];
        for (int b = 0; b < a.length; b++) {
            List<Long> row = rows.get(b);
            a[b] = row.subList(from, row.size()).stream().mapToLong(Long::longValue).toArray();
        }
        return a;
    }
}
