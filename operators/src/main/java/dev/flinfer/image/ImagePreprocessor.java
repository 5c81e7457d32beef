package dev.flinfer.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

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
        BufferedImage resized;
        int cropTop = 0;
        int cropLeft = 0;
        if (config.keepAspectPad) {
            int w =
                    (int)
                            Math.min(
                                    outW,
                                    Math.ceil(
                                            outH * (double) image.getWidth() / image.getHeight()));
            resized = resize(image, Math.max(1, w), outH);
        } else if (!config.resize) {
            resized = image;
        } else if (config.shortestEdge > 0) {
            int shortSide = Math.min(image.getWidth(), image.getHeight());
            int longSide = Math.max(image.getWidth(), image.getHeight());
            int newShort = config.shortestEdge;
            int newLong = (int) ((long) newShort * longSide / shortSide);
            boolean wide = image.getWidth() >= image.getHeight();
            resized = resize(image, wide ? newLong : newShort, wide ? newShort : newLong);
        } else {
            resized = resize(image, config.width, config.height);
        }
        if (config.centerCrop) {
            cropTop = (resized.getHeight() - outH) / 2;
            cropLeft = (resized.getWidth() - outW) / 2;
        }
        int plane = outH * outW;
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            // (v * rescale - mean) / std, as one multiply-add per value
            scale[c] = config.rescaleFactor / config.std[c];
            shift[c] = -config.mean[c] / config.std[c];
        }
        int[] row = new int[resized.getWidth()];
        for (int y = 0; y < outH; y++) {
            int sy = y + cropTop;
            boolean insideY = sy >= 0 && sy < resized.getHeight();
            if (insideY) {
                resized.getRGB(0, sy, resized.getWidth(), 1, row, 0, resized.getWidth());
            }
            for (int x = 0; x < outW; x++) {
                int sx = x + cropLeft;
                int index = offset + y * outW + x;
                if (!insideY || sx < 0 || sx >= resized.getWidth()) {
                    out[index] = 0;
                    out[index + plane] = 0;
                    out[index + 2 * plane] = 0;
                    continue;
                }
                int rgb = row[sx];
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

    private BufferedImage resize(BufferedImage image, int w, int h) {
        if (image.getWidth() == w && image.getHeight() == h) {
            return image;
        }
        BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION,
                    switch (config.resample) {
                        case NEAREST -> RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR;
                        case BICUBIC -> RenderingHints.VALUE_INTERPOLATION_BICUBIC;
                        default -> RenderingHints.VALUE_INTERPOLATION_BILINEAR;
                    });
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return resized;
    }
}
