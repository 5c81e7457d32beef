package dev.flinfer.tasks.textembedding;

import static dev.flinfer.tasks.textembedding.TestModels.cosine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flinfer.bundle.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class TextEmbeddingModelTest {
    private final TextEmbeddingModel model = TestModels.minilm();

    private float[] embed(String text) throws Exception {
        return model.embed(List.of(model.tokenize(text)))[0];
    }

    @Test
    void embeddingsHave384DimensionsAndUnitNorm() throws Exception {
        float[] vector = embed("Flink runs ONNX models inside streaming jobs.");
        assertThat(vector).hasSize(384);
        assertThat(model.dimension()).isEqualTo(384);
        double norm = Math.sqrt(dot(vector, vector));
        assertThat(norm).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedTexts() throws Exception {
        float[] cat = embed("A cat is sitting on the mat.");
        float[] paraphrase = embed("There is a cat sitting on a mat.");
        float[] unrelated =
                embed("The stock market fell sharply after the interest rate decision.");
        double close = cosine(cat, paraphrase);
        double far = cosine(cat, unrelated);
        assertThat(close).isGreaterThan(0.8);
        assertThat(far).isLessThan(0.3);
        assertThat(close).isGreaterThan(far + 0.4);
    }

    @Test
    void anEmbeddingDoesNotDependOnItsBatch() throws Exception {
        String text = "Batch invariance matters for reproducible enrichment.";
        float[] alone = embed(text);
        List<String> texts = new ArrayList<>();
        texts.add("Hi");
        texts.add(text);
        texts.add("word ".repeat(180));
        texts.add("A medium length sentence about streaming systems and their many operators.");
        float[][] batch = model.embed(texts.stream().map(model::tokenize).toList());
        assertThat(cosine(alone, batch[1])).isGreaterThanOrEqualTo(0.99999);
        assertThat(cosine(embed("Hi"), batch[0])).isGreaterThanOrEqualTo(0.99999);
    }

    @Test
    void batchesEmbeddedAtOnceFromTwoThreadsGetTheirOwnResults() throws Exception {
        List<String> shortTexts = new ArrayList<>();
        List<String> longTexts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            shortTexts.add("short text number " + i);
            longTexts.add(
                    "a much longer text about stream processing, number " + i + ". ".repeat(20));
        }
        float[][] shortAlone = model.embed(shortTexts.stream().map(model::tokenize).toList());
        float[][] longAlone = model.embed(longTexts.stream().map(model::tokenize).toList());
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                var shortRun =
                        pool.submit(
                                () ->
                                        model.embed(
                                                shortTexts.stream().map(model::tokenize).toList()));
                var longRun =
                        pool.submit(
                                () ->
                                        model.embed(
                                                longTexts.stream().map(model::tokenize).toList()));
                float[][] shortTogether = shortRun.get();
                float[][] longTogether = longRun.get();
                for (int i = 0; i < 8; i++) {
                    assertThat(cosine(shortAlone[i], shortTogether[i])).isGreaterThan(0.99999);
                    assertThat(cosine(longAlone[i], longTogether[i])).isGreaterThan(0.99999);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theInt8ModelOpensAndAgreesRoughlyWithFp32() throws Exception {
        try (TextEmbeddingModel int8 =
                TextEmbeddingModel.open(
                        ModelCatalog.resolve(TestModels.MINILM_INT8), TestModels.CPU_2_THREADS)) {
            String text = "Quantised models are smaller and faster.";
            float[] quantised = int8.embed(List.of(int8.tokenize(text)))[0];
            assertThat(quantised).hasSize(384);
            assertThat(cosine(quantised, embed(text))).isGreaterThan(0.95);
        }
    }

    @Test
    void longTextsAreTruncatedToTheModelsMaxLength() {
        assertThat(model.maxLength()).isEqualTo(256);
        assertThat(model.tokenize("word ".repeat(1000)).length()).isEqualTo(256);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
