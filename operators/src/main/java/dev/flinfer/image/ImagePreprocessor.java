package dev.flinfer.image;

import java.awt.image.BufferedImage;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Turns a decoded image into the float32 CHW tensor a model takes, as its {@link
 * PreprocessorConfig} says: resize (exact size, shortest edge, or keep-aspect-and-pad), center
 * crop, rescale, normalize, RGB or BGR.
 *
 * <pre>{@code
 * ImagePreprocessor preprocessor = new ImagePreprocessor(config);
 * float[] chw = preprocessor.toTensor(image);   // 3 * height() * width() floats
 * }</pre>
 */
@PublicEvolving
public final class ImagePreprocessor {
    private final PreprocessorConfig config;

    public ImagePreprocessor(PreprocessorConfig config) {
        this.config = config;
    }

    public int height() {
        return config.outputHeight();
    }

    public int width() {
        return config.outputWidth();
    }

    /** A new CHW tensor of {@code image}. */
    public float[] toTensor(BufferedImage image) {
        float[] out = new float[3 * height() * width()];
        toTensor(image, out, 0);
        return out;
    }

    /** Writes the CHW tensor of {@code image} into {@code out} at {@code offset}. */
    public void toTensor(BufferedImage image, float[] out, int offset) {
        int outH = height();
        int outW = width();
        int[] size = resizedSize(image.getWidth(), image.getHeight());
        int resizedW = size[0];
        int resizedH = size[1];
        int[] resized = PilResampler.resize(image, resizedW, resizedH, config.resample);
        int cropTop = config.centerCrop ? (resizedH - outH) / 2 : 0;
        int cropLeft = config.centerCrop ? (resizedW - outW) / 2 : 0;
        int plane = outH * outW;
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            // (v * rescale - mean) / std, as one multiply-add per value
            scale[c] = config.rescaleFactor / config.std[c];
            shift[c] = -config.mean[c] / config.std[c];
        }
        for (int y = 0; y < outH; y++) {
            int sy = y + cropTop;
            for (int x = 0; x < outW; x++) {
                int sx = x + cropLeft;
                int index = offset + y * outW + x;
                if (sy < 0 || sy >= resizedH || sx < 0 || sx >= resizedW) {
                    out[index] = 0;
                    out[index + plane] = 0;
                    out[index + 2 * plane] = 0;
                    continue;
                }
                int rgb = resized[sy * resizedW + sx];
                float r = (rgb >> 16) & 0xFF;
                float g = (rgb >> 8) & 0xFF;
                float b = rgb & 0xFF;
                float first = config.bgr ? b : r;
                float third = config.bgr ? r : b;
                out[index] = first * scale[0] + shift[0];
                out[index + plane] = g * scale[1] + shift[1];
                out[index + 2 * plane] = third * scale[2] + shift[2];
            }
        }
    }

    /**
     * How much smaller than {@code width x height} the image may be decoded (1, 2, 4 or 8): the
     * largest reduction that leaves it at least the size the resize makes of it, so the resize
     * still only shrinks; 1 when the config does not resize.
     */
    public int reduction(int width, int height) {
        if (!config.resize || width <= 0 || height <= 0) {
            return 1;
        }
        int[] size = resizedSize(width, height);
        for (int denominator = 8; denominator > 1; denominator /= 2) {
            int w = (width + denominator - 1) / denominator;
            int h = (height + denominator - 1) / denominator;
            if (w >= size[0] && h >= size[1]) {
                return denominator;
            }
        }
        return 1;
    }

    /** The size the resize makes of a {@code width x height} image. */
    private int[] resizedSize(int width, int height) {
        int outH = height();
        int outW = width();
        int resizedW;
        int resizedH;
        if (config.keepAspectPad) {
            resizedW = Math.max(1, (int) Math.min(outW, Math.ceil(outH * (double) width / height)));
            resizedH = outH;
        } else if (!config.resize) {
            resizedW = width;
            resizedH = height;
        } else if (config.shortestEdge > 0) {
            // as Hugging Face does: the short side becomes shortest_edge, the long side keeps the
            // ratio
            int shortSide = Math.min(width, height);
            int longSide = Math.max(width, height);
            int newLong = (int) ((long) config.shortestEdge * longSide / shortSide);
            boolean wide = width >= height;
            resizedW = wide ? newLong : config.shortestEdge;
            resizedH = wide ? config.shortestEdge : newLong;
        } else {
            resizedW = config.width;
            resizedH = config.height;
        }
        return new int[] {resizedW, resizedH};
    }
}
