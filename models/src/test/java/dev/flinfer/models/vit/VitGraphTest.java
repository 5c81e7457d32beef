package dev.flinfer.models.vit;

import static dev.flinfer.models.vit.OrtRunner.maxAbsDifference;
import static dev.flinfer.models.vit.OrtRunner.randomImages;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated ONNX graph, run by ONNX Runtime, computes what the plain-Java forward pass of the
 * same weights computes, for any batch size.
 */
class VitGraphTest {

    private static void assertMatchesJava(VitConfig config, Path dir) throws Exception {
        VitGenerator.generate(config, dir, false);
        VitForward java = new VitForward(config, VitWeights.generate(config));
        try (OrtRunner onnx = new OrtRunner(dir, config)) {
            for (int batch : new int[] {1, 3}) {
                float[] pixels = randomImages(config, batch, 5 + batch);
                float[][] fromOnnx = onnx.logits(pixels, batch);
                float[][] fromJava = java.logits(pixels, batch);
                assertThat(fromOnnx).hasDimensions(batch, config.numLabels());
                assertThat(maxAbsDifference(fromOnnx, fromJava))
                        .as("batch %d", batch)
                        .isLessThanOrEqualTo(1e-4);
            }
        }
    }

    @Test
    void aSmallVitMatchesThePlainJavaForwardPassForOneImageAndForThree(@TempDir Path dir)
            throws Exception {
        assertMatchesJava(VitConfig.small(3), dir);
    }

    @Test
    void aMidSizedVitMatchesThePlainJavaForwardPass(@TempDir Path dir) throws Exception {
        assertMatchesJava(VitConfig.of(64, 16, 128, 3, 4, 10).withSeed(3), dir);
    }

    @Test
    void aRowOfABatchEqualsTheSameImageRunAlone(@TempDir Path dir) throws Exception {
        VitConfig config = VitConfig.small(4);
        VitGenerator.generate(config, dir, false);
        float[] batch = randomImages(config, 3, 9);
        int image = batch.length / 3;
        try (OrtRunner onnx = new OrtRunner(dir, config)) {
            float[][] together = onnx.logits(batch, 3);
            for (int n = 0; n < 3; n++) {
                float[] alone = Arrays.copyOfRange(batch, n * image, (n + 1) * image);
                assertThat(maxAbsDifference(new float[][] {together[n]}, onnx.logits(alone, 1)))
                        .as("image %d", n)
                        .isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    void differentImagesGetDifferentLogitsAndTheLabelsSpread(@TempDir Path dir) throws Exception {
        VitConfig config = VitConfig.small(5);
        VitGenerator.generate(config, dir, false);
        try (OrtRunner onnx = new OrtRunner(dir, config)) {
            float[][] logits = onnx.logits(randomImages(config, 2, 21), 2);
            assertThat(maxAbsDifference(new float[][] {logits[0]}, new float[][] {logits[1]}))
                    .isGreaterThan(1e-2);
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : logits[0]) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(max - min).isGreaterThan(0.1f);
        }
    }
}
