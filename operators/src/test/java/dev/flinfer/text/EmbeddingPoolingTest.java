package dev.flinfer.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import org.junit.jupiter.api.Test;

/** Pooling token vectors into sentence vectors, and normalising them. */
class EmbeddingPoolingTest {
    /** Two rows of three tokens of dimension 2, row-major [batch, length, dim]. */
    private static final float[] HIDDEN = {
        // row 0: tokens (1, 2) and (3, 4), then a padded position (100, 100)
        1, 2, 3, 4, 100, 100,
        // row 1: tokens (-1, 0), (5, 6) and (7, 8), all real
        -1, 0, 5, 6, 7, 8
    };

    private static final long[] MASK = {1, 1, 0, 1, 1, 1};

    @Test
    void meanPoolingAveragesOnlyTheMaskedInPositions() {
        assertThat(
                        EmbeddingPooling.meanPool(
                                FloatBuffer.wrap(HIDDEN), LongBuffer.wrap(MASK), 0, 3, 2))
                .containsExactly(2f, 3f);
    }

    @Test
    void meanPoolingReadsTheRequestedRow() {
        assertThat(
                        EmbeddingPooling.meanPool(
                                FloatBuffer.wrap(HIDDEN), LongBuffer.wrap(MASK), 1, 3, 2))
                .containsExactly(new float[] {11f / 3, 14f / 3}, within(1e-6f));
    }

    @Test
    void meanPoolingOfAFullyMaskedRowIsZero() {
        long[] noTokens = {0, 0, 0, 1, 1, 1};
        assertThat(
                        EmbeddingPooling.meanPool(
                                FloatBuffer.wrap(HIDDEN), LongBuffer.wrap(noTokens), 0, 3, 2))
                .containsExactly(0f, 0f);
    }

    @Test
    void clsPoolingTakesTheFirstTokenOfTheRow() {
        assertThat(EmbeddingPooling.clsPool(FloatBuffer.wrap(HIDDEN), 0, 3, 2))
                .containsExactly(1f, 2f);
        assertThat(EmbeddingPooling.clsPool(FloatBuffer.wrap(HIDDEN), 1, 3, 2))
                .containsExactly(-1f, 0f);
    }

    @Test
    void l2NormalizeScalesToUnitNormInPlace() {
        float[] vector = {3, 4};

        float[] result = EmbeddingPooling.l2Normalize(vector);

        assertThat(result).isSameAs(vector);
        assertThat(result).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
    }

    @Test
    void l2NormalizeGivesUnitNormForAnyNonZeroVector() {
        float[] vector = EmbeddingPooling.l2Normalize(new float[] {-2, 0.5f, 7, 1e-3f, 12});
        double squares = 0;
        for (float v : vector) {
            squares += (double) v * v;
        }
        assertThat(Math.sqrt(squares)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void l2NormalizeLeavesAZeroVectorZero() {
        assertThat(EmbeddingPooling.l2Normalize(new float[] {0, 0, 0})).containsExactly(0f, 0f, 0f);
    }
}
