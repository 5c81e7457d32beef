package dev.flinfer.jobs.bench;

import java.awt.image.BufferedImage;

/**
 * The image preparation as it was before issue 15 (commit 0b51660), kept so that {@code bench
 * prepare} measures its ratio in the same run: the full-size image read through {@code getRGB},
 * resized by separable triangle (bilinear) filters in double precision, then rescaled and
 * normalised to ViT-B/16's [-1, 1]. Only what that processor needs: an exact size, no crop.
 */
final class BaselinePreparation {
    private BaselinePreparation() {}

    static float[] toTensor(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        int[] resized = pass(pass(pixels, w, h, size, true), size, h, size, false);
        float[] out = new float[3 * size * size];
        int plane = size * size;
        for (int i = 0; i < plane; i++) {
            int rgb = resized[i];
            out[i] = ((rgb >> 16) & 0xFF) / 127.5f - 1;
            out[i + plane] = ((rgb >> 8) & 0xFF) / 127.5f - 1;
            out[i + 2 * plane] = (rgb & 0xFF) / 127.5f - 1;
        }
        return out;
    }

    /** One pass, weights per output sample computed once and normalised, sums in double. */
    private static int[] pass(int[] src, int w, int h, int outSize, boolean horizontal) {
        int inSize = horizontal ? w : h;
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        int[] first = new int[outSize];
        double[][] weights = new double[outSize][];
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int min = Math.max((int) (center - filterScale + 0.5), 0);
            int max = Math.min((int) (center + filterScale + 0.5), inSize);
            double[] k = new double[max - min];
            double total = 0;
            for (int j = 0; j < k.length; j++) {
                k[j] = Math.max(0, 1 - Math.abs((j + min - center + 0.5) / filterScale));
                total += k[j];
            }
            for (int j = 0; j < k.length; j++) {
                k[j] = total == 0 ? 0 : k[j] / total;
            }
            first[o] = min;
            weights[o] = k;
        }
        int outW = horizontal ? outSize : w;
        int outH = horizontal ? h : outSize;
        int[] out = new int[outW * outH];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int o = horizontal ? x : y;
                double[] k = weights[o];
                double r = 0;
                double g = 0;
                double b = 0;
                for (int j = 0; j < k.length; j++) {
                    int s = first[o] + j;
                    int rgb = horizontal ? src[y * w + s] : src[s * w + x];
                    r += k[j] * ((rgb >> 16) & 0xFF);
                    g += k[j] * ((rgb >> 8) & 0xFF);
                    b += k[j] * (rgb & 0xFF);
                }
                out[y * outW + x] = clip8(r) << 16 | clip8(g) << 8 | clip8(b);
            }
        }
        return out;
    }

    private static int clip8(double value) {
        return (int) Math.max(0, Math.min(255, Math.floor(value + 0.5)));
    }
}
