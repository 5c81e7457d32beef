package dev.flinfer.generation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cache's rows after joins and leaves: each row keeps its own entries at its end and zeros
 * before them, whether the rows moved in place or were laid out again.
 */
class KvCacheTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    /** A cache of one tensor, 1 head of size 1: row r holds {@code r * 10 + position}. */
    private static KvCache cache(int[] valid, int length, int base) {
        float[] data = new float[valid.length * length];
        for (int r = 0; r < valid.length; r++) {
            for (int i = length - valid[r]; i < length; i++) {
                data[r * length + i] = base + r * 10 + i - (length - valid[r]) + 1;
            }
        }
        KvCache cache = new KvCache(List.of("k"), 1, 1);
        cache.fill(Map.of("k", FloatBuffer.wrap(data)), valid.length, length, valid);
        return cache;
    }

    private static float[][] rows(KvCache cache) throws Exception {
        Map<String, OnnxTensor> tensors = cache.current(ENV, "%s");
        try (OnnxTensor tensor = tensors.get("k")) {
            float[][][][] values = (float[][][][]) tensor.getValue();
            float[][] rows = new float[values.length][];
            for (int r = 0; r < values.length; r++) {
                rows[r] = new float[values[r][0].length];
                for (int i = 0; i < rows[r].length; i++) {
                    rows[r][i] = values[r][0][i][0];
                }
            }
            return rows;
        }
    }

    @Test
    void aShorterJoinerIsAppendedAfterTheRowsThatStayPut() throws Exception {
        KvCache cache = cache(new int[] {3, 2}, 3, 0);
        cache.append(cache(new int[] {1}, 1, 100));

        assertThat(rows(cache)).isDeepEqualTo(new float[][] {{1, 2, 3}, {0, 11, 12}, {0, 0, 101}});
        assertThat(cache.valid(2)).isEqualTo(1);
    }

    @Test
    void aLongerJoinerPadsTheRowsBeforeIt() throws Exception {
        KvCache cache = cache(new int[] {2}, 2, 0);
        cache.append(cache(new int[] {3}, 3, 100));

        assertThat(rows(cache)).isDeepEqualTo(new float[][] {{0, 1, 2}, {101, 102, 103}});
    }

    @Test
    void rowsThatLeaveAreFilledByTheRowsAfterThem() throws Exception {
        KvCache cache = cache(new int[] {3, 2, 3}, 3, 0);
        cache.select(new int[] {0, 2});

        assertThat(rows(cache)).isDeepEqualTo(new float[][] {{1, 2, 3}, {21, 22, 23}});
        cache.select(new int[] {1});
        assertThat(rows(cache)).isDeepEqualTo(new float[][] {{21, 22, 23}});
    }

    @Test
    void beamsThatShareARowAndPaddingNoRowNeedsAreLaidOutAgain() throws Exception {
        KvCache cache = cache(new int[] {4, 1, 2}, 4, 0);
        cache.select(new int[] {2, 2, 1});

        assertThat(rows(cache)).isDeepEqualTo(new float[][] {{21, 22}, {21, 22}, {0, 11}});
        assertThat(cache.length()).isEqualTo(2);
    }
}
