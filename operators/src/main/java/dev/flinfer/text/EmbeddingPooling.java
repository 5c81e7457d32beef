package dev.flinfer.text;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import org.apache.flink.annotation.PublicEvolving;

/** Pooling of token vectors into one sentence vector, and L2 normalisation. */
@PublicEvolving
public final class EmbeddingPooling {
    private EmbeddingPooling() {}

    /**
     * Mean of the token vectors of row {@code row} of {@code hidden} ({@code [batch, length, dim]},
     * row-major) over the positions where {@code mask} ({@code [batch, length]}) is 1.
     */
    public static float[] meanPool(
            FloatBuffer hidden, LongBuffer mask, int row, int length, int dim) {
        double[] sum = new double[dim];
        int count = 0;
        for (int t = 0; t < length; t++) {
            if (mask.get(row * length + t) == 0) {
                continue;
            }
            count++;
            int base = (row * length + t) * dim;
            for (int d = 0; d < dim; d++) {
                sum[d] += hidden.get(base + d);
            }
        }
        float[] mean = new float[dim];
        double divisor = Math.max(count, 1);
        for (int d = 0; d < dim; d++) {
            mean[d] = (float) (sum[d] / divisor);
        }
        return mean;
    }

    /** The first token's vector (BERT's [CLS]) of row {@code row}. */
    public static float[] clsPool(FloatBuffer hidden, int row, int length, int dim) {
        float[] cls = new float[dim];
        hidden.get(row * length * dim, cls, 0, dim);
        return cls;
    }

    /** Scales {@code vector} in place to unit L2 norm (a zero vector stays zero) and returns it. */
    public static float[] l2Normalize(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += (double) v * v;
        }
        double norm = Math.sqrt(squares);
        if (norm > 0) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) (vector[i] / norm);
            }
        }
        return vector;
    }
}
