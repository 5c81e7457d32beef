package dev.flinfer.models.t5;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Greedy decoding on ONNX Runtime gives the same tokens whichever way it is run: with the cache or
 * without it, with the merged decoder or the pair, in a batch of mixed lengths or alone.
 */
class T5GreedyDecodingTest {
    private static final int STEPS = 8;
    private static final long[][] INPUTS = {
        {7592, 2088, 2003, 1037, 3231, 1997, 1996, 2291, 102},
        {2129, 2024, 102},
        {1045, 2066, 2023, 2047, 3185, 102}
    };
    private static T5Ort ort;

    @BeforeAll
    static void load() throws Exception {
        ort = new T5Ort(true);
    }

    @AfterAll
    static void close() throws Exception {
        ort.close();
    }

    @Test
    void decodingWithTheCacheGivesTheTokensOfDecodingWithoutIt() throws Exception {
        long[][] ids = {INPUTS[0]};
        long[][] mask = {{1, 1, 1, 1, 1, 1, 1, 1, 1}};
        long[][] cached = T5Greedy.cached(ort, ids, mask, STEPS, false);
        assertThat(cached).isDeepEqualTo(T5Greedy.uncached(ort, ids, mask, STEPS));
        assertThat(Arrays.stream(cached[0]).distinct().count()).isGreaterThan(1);
    }

    @Test
    void thePairLayoutGivesTheTokensOfTheMergedDecoder() throws Exception {
        long[][][] batch = T5Greedy.padded(INPUTS, T5Ort.CONFIG.padTokenId());
        assertThat(T5Greedy.cached(ort, batch[0], batch[1], STEPS, true))
                .isDeepEqualTo(T5Greedy.cached(ort, batch[0], batch[1], STEPS, false));
    }

    @Test
    void aBatchOfMixedEncoderLengthsGivesEachInputTheTokensItGetsAlone() throws Exception {
        long[][][] batch = T5Greedy.padded(INPUTS, T5Ort.CONFIG.padTokenId());
        long[][] together = T5Greedy.cached(ort, batch[0], batch[1], STEPS, false);
        for (int b = 0; b < INPUTS.length; b++) {
            long[][] ids = {INPUTS[b]};
            long[][] mask = T5Greedy.padded(ids, 0)[1];
            assertThat(together[b])
                    .as("input %d", b)
                    .containsExactly(T5Greedy.cached(ort, ids, mask, STEPS, false)[0]);
        }
        assertThat(together[0]).isNotEqualTo(together[1]);
    }
}
