package dev.flinfer.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.models.samples.SampleImages;
import java.awt.image.BufferedImage;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bundled nsfw-mobilenet-v2 (converted by this module at build time) against nsfwjs itself
 * under Node (pure-JavaScript TensorFlow.js CPU backend), on the sample images: the five
 * probabilities agree within 1e-3 and the top class is the same on every image. Skipped, saying so,
 * only where Node or npm is not installed.
 */
class NsfwjsReferenceTest {
    static final String[] CLASSES = {"Drawing", "Hentai", "Neutral", "Porn", "Sexy"};

    @Test
    @Timeout(900)
    void convertedModelMatchesNsfwjsUnderNode() throws Exception {
        String missing = NodeReference.missingTool();
        Assumptions.assumeTrue(missing == null, "Skipped the nsfwjs reference check: " + missing);
        URL model =
                getClass()
                        .getClassLoader()
                        .getResource("flinfer/models/nsfw-mobilenet-v2/model.onnx");
        assertThat(model).as("bundle built by the models build").isNotNull();
        Map<String, BufferedImage> images = SampleImages.all();
        NodeReference node =
                new NodeReference(Path.of("target", "nsfwjs-reference").toAbsolutePath());
        node.install();
        Map<String, float[]> expected = node.classify(images);
        double worst = 0;
        try (NsfwOnnx onnx = new NsfwOnnx(Path.of(model.toURI()))) {
            for (Map.Entry<String, BufferedImage> e : images.entrySet()) {
                float[] ours = onnx.probabilities(e.getValue());
                float[] theirs = expected.get(e.getKey());
                assertThat(ours).as(e.getKey()).hasSize(5);
                double diff = 0;
                for (int i = 0; i < 5; i++) {
                    diff = Math.max(diff, Math.abs(ours[i] - theirs[i]));
                }
                worst = Math.max(worst, diff);
                System.out.printf(
                        "%-18s top %-8s nsfwjs %s  onnx %s  max|diff| %.2e%n",
                        e.getKey(), CLASSES[argmax(theirs)], format(theirs), format(ours), diff);
                assertThat(diff).as(e.getKey() + ": max abs difference").isLessThanOrEqualTo(1e-3);
                assertThat(CLASSES[argmax(ours)])
                        .as(e.getKey() + ": top class")
                        .isEqualTo(CLASSES[argmax(theirs)]);
            }
        }
        System.out.printf(
                "nsfw-mobilenet-v2 vs nsfwjs under Node: max abs difference %.2e over %d images%n",
                worst, images.size());
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static String format(float[] p) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < p.length; i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%.4f", p[i]));
        }
        return s.append("]").toString();
    }
}
