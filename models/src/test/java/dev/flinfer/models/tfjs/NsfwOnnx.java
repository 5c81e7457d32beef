package dev.flinfer.models.tfjs;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** Runs a converted image model on ONNX Runtime (CPU) with nsfwjs's preprocessing: RGB / 255. */
final class NsfwOnnx implements AutoCloseable {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    NsfwOnnx(Path model) throws OrtException {
        session = ENV.createSession(model.toString(), new OrtSession.SessionOptions());
    }

    /** The model's output for {@code image} (already at the model's size). */
    float[] probabilities(BufferedImage image) throws OrtException {
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] rgb = rgb(image);
        float[] pixels = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(c * h + y) * w + x] = (rgb[(y * w + x) * 3 + c] & 0xff) / 255f;
                }
            }
        }
        return run(pixels, new long[] {1, 3, h, w})[0];
    }

    float[][] run(float[] input, long[] shape) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(TfjsConverter.INPUT, tensor))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    /** The image's pixels as RGB bytes, rows top down. */
    static byte[] rgb(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] out = new byte[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                out[(y * w + x) * 3] = (byte) (p >> 16);
                out[(y * w + x) * 3 + 1] = (byte) (p >> 8);
                out[(y * w + x) * 3 + 2] = (byte) p;
            }
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
