package dev.flinfer.models.vit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated ONNX graph computes what the plain-Java forward pass of the same weights computes.
 */
class VitGraphTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private static float[] randomPixels(int batch, int size, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[batch * 3 * size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat() * 2 - 1;
        }
        return pixels;
    }

    private static float[][] runOnnx(Path bundle, float[] pixels, int batch, int size)
            throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session =
                        ENV.createSession(bundle.resolve("model.onnx").toString(), options);
                OnnxTensor input =
                        OnnxTensor.createTensor(
                                ENV, FloatBuffer.wrap(pixels), new long[] {batch, 3, size, size});
                OrtSession.Result result = session.run(Map.of("pixel_values", input))) {
            return (float[][]) result.get("logits").orElseThrow().getValue();
        }
    }

    private static double maxAbsDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    private static void assertMatchesJava(VitConfig config, Path dir, int batch) throws Exception {
        VitGenerator.generate(config, dir, false);
        float[] pixels = randomPixels(batch, config.imageSize(), 5);
        float[][] onnx = runOnnx(dir, pixels, batch, config.imageSize());
        float[][] java = new VitForward(config, VitWeights.generate(config)).logits(pixels, batch);
        assertThat(onnx.length).isEqualTo(batch);
        assertThat(onnx[0]).hasSize(config.numLabels());
        assertThat(maxAbsDifference(onnx, java)).isLessThanOrEqualTo(1e-4);
        // not degenerate: the labels get different logits
        assertThat(Math.abs(java[0][0] - java[0][1])).isGreaterThan(1e-3f);
    }

    @Test
    void aSmallVitMatchesThePlainJavaForwardPass(@TempDir Path dir) throws Exception {
        assertMatchesJava(VitConfig.small(3), dir, 3);
    }

    @Test
    void aMidSizedVitMatchesThePlainJavaForwardPass(@TempDir Path dir) throws Exception {
        assertMatchesJava(VitConfig.of(64, 16, 128, 3, 4, 10), dir, 2);
    }

    @Test
    void aBatchRowEqualsTheSameImageAlone(@TempDir Path dir) throws Exception {
        VitConfig config = VitConfig.small(4);
        VitGenerator.generate(config, dir, false);
        int size = config.imageSize();
        float[] batch = randomPixels(3, size, 9);
        float[] second = new float[3 * size * size];
        System.arraycopy(batch, second.length, second, 0, second.length);
        float[][] together = runOnnx(dir, batch, 3, size);
        float[][] alone = runOnnx(dir, second, 1, size);
        for (int j = 0; j < 4; j++) {
            assertThat((double) Math.abs(together[1][j] - alone[0][j])).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void theGraphIsOpset17WithASymbolicBatch(@TempDir Path dir) throws Exception {
        VitConfig config = VitConfig.small(2);
        VitGenerator.generate(config, dir, false);
        ai.onnx.proto.OnnxMl.ModelProto model =
                ai.onnx.proto.OnnxMl.ModelProto.parseFrom(
                        Files.readAllBytes(dir.resolve("model.onnx")));
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
        assertThat(
                        model.getGraph()
                                .getInput(0)
                                .getType()
                                .getTensorType()
                                .getShape()
                                .getDim(0)
                                .getDimParam())
                .isEqualTo("batch");
        try (OrtSession session = ENV.createSession(dir.resolve("model.onnx").toString())) {
            TensorInfo info = (TensorInfo) session.getInputInfo().get("pixel_values").getInfo();
            assertThat(info.getShape()[0]).isEqualTo(-1);
        }
    }

    @Test
    void theSameSeedGivesTheSameBytesAndTheBundleHasHuggingFaceFiles(@TempDir Path dir)
            throws Exception {
        VitConfig config = VitConfig.small(3).withSeed(11);
        VitGenerator.generate(config, dir.resolve("a"), true);
        VitGenerator.generate(config, dir.resolve("b"), true);
        assertThat(Files.readAllBytes(dir.resolve("a/model.onnx")))
                .isEqualTo(Files.readAllBytes(dir.resolve("b/model.onnx")));
        ObjectMapper json = new ObjectMapper();
        JsonNode cfg = json.readTree(dir.resolve("a/config.json").toFile());
        assertThat(cfg.path("problem_type").asText()).isEqualTo("multi_label_classification");
        assertThat(cfg.path("id2label").size()).isEqualTo(3);
        JsonNode pre = json.readTree(dir.resolve("a/preprocessor_config.json").toFile());
        assertThat(pre.path("size").path("height").asInt()).isEqualTo(32);
        assertThat(pre.path("image_mean").size()).isEqualTo(3);
    }

    @Test
    void badConfigsNameTheBadValue() {
        assertThatThrownBy(() -> VitConfig.of(30, 8, 64, 2, 4, 3)).hasMessageContaining("30");
        assertThatThrownBy(() -> VitConfig.of(32, 8, 66, 2, 4, 3)).hasMessageContaining("66");
        assertThatThrownBy(() -> VitConfig.of(32, 8, 64, 0, 4, 3)).hasMessageContaining("layers");
        assertThatThrownBy(() -> VitConfig.small(0)).hasMessageContaining("0");
    }

    @Test
    void erfMatchesKnownValues() {
        assertThat(VitForward.erf(0)).isEqualTo(0);
        assertThat(VitForward.erf(0.5))
                .isCloseTo(0.5204998778130465, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(VitForward.erf(-1))
                .isCloseTo(-0.8427007929497149, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(VitForward.erf(3.5))
                .isCloseTo(0.9999992569016276, org.assertj.core.api.Assertions.within(1e-12));
    }
}
