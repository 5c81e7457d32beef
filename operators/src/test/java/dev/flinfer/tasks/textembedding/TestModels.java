package dev.flinfer.tasks.textembedding;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.session.SessionSettings;

/** The real models tests run on, opened once per JVM. */
public final class TestModels {
    public static final String MINILM = "all-minilm-l6-v2";
    public static final String MINILM_INT8 = "all-minilm-l6-v2-int8";
    public static final SessionSettings CPU_2_THREADS = SessionSettings.cpu(2);

    private static TextEmbeddingModel minilm;

    private TestModels() {}

    public static ModelBundle minilmBundle() {
        return ModelCatalog.resolve(MINILM);
    }

    /** A shared fp32 MiniLM on 2 CPU threads; never closed (the JVM ends). */
    public static synchronized TextEmbeddingModel minilm() {
        if (minilm == null) {
            minilm = TextEmbeddingModel.open(minilmBundle(), CPU_2_THREADS);
        }
        return minilm;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
