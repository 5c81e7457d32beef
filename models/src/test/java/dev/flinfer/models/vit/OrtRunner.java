package dev.flinfer.models.vit;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** Runs a generated bundle's model.onnx on ONNX Runtime (CPU), and makes random test images. */
final class OrtRunner implements AutoCloseable {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final VitConfig config;

    OrtRunner(Path bundle, VitConfig config) throws OrtException {
        this.session =
                ENV.createSession(
                        bundle.resolve(VitBundleWriter.MODEL_FILE).toString(),
                        new OrtSession.SessionOptions());
        this.config = config;
    }

    OrtSession session() {
        return session;
    }

    /** Logits [batch][labels] of NCHW {@code pixels}. */
    float[][] logits(float[] pixels, int batch) throws OrtException {
        long size = config.imageSize();
        long[] shape = {batch, config.channels(), size, size};
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(pixels), shape);
                OrtSession.Result result = session.run(Map.of(VitGraph.INPUT, input))) {
            return (float[][]) result.get(VitGraph.OUTPUT).orElseThrow().getValue();
        }
    }

    /** Uniform pixels in [-1, 1), what a normalised image holds. */
    static float[] randomImages(VitConfig config, int batch, long seed) {
        Random random = new Random(seed);
        float[] pixels =
                new float[batch * config.channels() * config.imageSize() * config.imageSize()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat() * 2 - 1;
        }
        return pixels;
    }

    static double maxAbsDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
