package dev.flinfer.models.t5;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated encoder and merged decoder, run by ONNX Runtime, compute what the plain-Java
 * forward pass of the same weights computes: a batch of two right-padded inputs of different
 * lengths, a first decoder call without a past and a later one with it.
 */
class T5ParityTest {
    private static final long[][] IDS = {
        {7592, 2088, 2003, 1037, 3231, 1012, 102}, {2129, 2024, 2017, 102, 0, 0, 0}
    };
    private static final long[][] MASK = {{1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0, 0}};
    private static final double LONG_TOLERANCE = 1e-3;
    private static T5Ort ort;
    private static T5Forward java;

    @BeforeAll
    static void load() throws Exception {
        ort = new T5Ort(false);
        java = new T5Forward(T5Ort.CONFIG, T5Weights.generate(T5Ort.CONFIG));
    }

    @AfterAll
    static void close() throws Exception {
        ort.close();
    }

    @Test
    void theEncoderMatchesJavaOnEveryPositionOfARightPaddedBatch() throws Exception {
        float[][][] onnx = ort.encode(IDS, MASK);
        for (int b = 0; b < IDS.length; b++) {
            assertThat(maxAbsDifference(onnx[b], java.encode(IDS[b], MASK[b])))
                    .as("input %d", b)
                    .isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void theMergedDecoderMatchesJavaWithoutAndThenWithAPast() throws Exception {
        float[][][] hidden = ort.encode(IDS, MASK);
        long[][] first = {{0, 2023, 2003}, {0, 1996, 2047}};
        long[][] second = {{1037, 2742}, {3899, 1012}};
        T5Ort.Step onnx1 = ort.merged(first, MASK, hidden, null);
        T5Ort.Step onnx2 = ort.merged(second, MASK, hidden, onnx1.presents());
        assertThat(onnx2.presents().get("present.1.decoder.key")[0][0]).hasNumberOfRows(5);
        for (int b = 0; b < IDS.length; b++) {
            float[][] encoded = java.encode(IDS[b], MASK[b]);
            T5Forward.Step java1 = java.decode(first[b], MASK[b], encoded, null);
            T5Forward.Step java2 = java.decode(second[b], MASK[b], null, java1.cache());
            assertThat(maxAbsDifference(onnx1.logits()[b], java1.logits()))
                    .as("first call, input %d", b)
                    .isLessThanOrEqualTo(1e-4);
            assertThat(maxAbsDifference(onnx2.logits()[b], java2.logits()))
                    .as("call with past, input %d", b)
                    .isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void theFirstCallReturnsTheEncoderKeysAndTheSecondPassesThemThrough() throws Exception {
        float[][][] hidden = ort.encode(IDS, MASK);
        T5Ort.Step onnx1 = ort.merged(new long[][] {{0}, {0}}, MASK, hidden, null);
        Map<String, float[][][][]> past = onnx1.presents();
        T5Ort.Step onnx2 = ort.merged(new long[][] {{5}, {6}}, MASK, hidden, past);
        float[][][][] key = past.get("present.0.encoder.key");
        assertThat(key).hasDimensions(2, T5Ort.CONFIG.numHeads());
        assertThat(key[1][0]).hasDimensions(IDS[0].length, T5Ort.CONFIG.dKv());
        assertThat(onnx2.presents().get("present.0.encoder.key")).isDeepEqualTo(key);
    }

    @Test
    void longSequencesReachTheLogarithmicAndTheLastBucketsAsInJava() throws Exception {
        long[][] ids = new long[1][150];
        long[][] mask = new long[1][150];
        long[][] first = new long[1][40];
        for (int i = 0; i < ids[0].length; i++) {
            ids[0][i] = 1000 + 37L * i;
            mask[0][i] = i < 140 ? 1 : 0;
        }
        for (int i = 0; i < first[0].length; i++) {
            first[0][i] = 2000 + 11L * i;
        }
        long[][] second = {{4242}};
        float[][][] hidden = ort.encode(ids, mask);
        float[][] encoded = java.encode(ids[0], mask[0]);
        // 150 keys in float32 against double sums: a little above 1e-4; a bucket off by one would
        // move a score by about BIAS_STD (0.5) and the outputs by far more
        assertThat(maxAbsDifference(hidden[0], encoded)).isLessThanOrEqualTo(LONG_TOLERANCE);
        T5Ort.Step onnx1 = ort.merged(first, mask, hidden, null);
        T5Forward.Step java1 = java.decode(first[0], mask[0], encoded, null);
        assertThat(maxAbsDifference(onnx1.logits()[0], java1.logits()))
                .isLessThanOrEqualTo(LONG_TOLERANCE);
        T5Ort.Step onnx2 = ort.merged(second, mask, hidden, onnx1.presents());
        T5Forward.Step java2 = java.decode(second[0], mask[0], null, java1.cache());
        assertThat(maxAbsDifference(onnx2.logits()[0], java2.logits()))
                .isLessThanOrEqualTo(LONG_TOLERANCE);
    }

    static double maxAbsDifference(float[][] a, float[][] b) {
        assertThat(a.length).isEqualTo(b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i].length).isEqualTo(b[i].length);
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
