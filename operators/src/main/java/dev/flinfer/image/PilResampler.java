package dev.flinfer.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/**
 * Resizes like Pillow's {@code Image.resize} (what Hugging Face image processors call): separable
 * convolution, horizontal pass then vertical, with the filter widened by the scale factor when
 * shrinking (so downscaling averages over the whole footprint instead of aliasing), weights
 * normalised per output pixel, and each pass rounded back to 8 bits. Bilinear is Pillow's triangle
 * filter (support 1), bicubic its cubic with a = -0.5 (support 2); nearest takes the pixel under
 * each output pixel's centre. The sums are Pillow's integer ones (22-bit weights), so the result is
 * Pillow's, not a double-precision neighbour of it.
 */
final class PilResampler {
    /** Pillow's fixed point for 8-bit images: 32 bits less 8 for the sample and 2 of headroom. */
    private static final int PRECISION_BITS = 22;

    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private PilResampler() {}

    /** {@code image} resized to {@code width x height} as packed RGB ints, row-major. */
    static int[] resize(
            BufferedImage image, int width, int height, PreprocessorConfig.Resample filter) {
        int inW = image.getWidth();
        int inH = image.getHeight();
        int[] pixels = packedRgb(image);
        if (inW == width && inH == height) {
            return pixels;
        }
        if (filter == PreprocessorConfig.Resample.NEAREST) {
            return nearest(pixels, inW, inH, width, height);
        }
        int[] horizontal = inW == width ? pixels : pass(pixels, inW, inH, width, true, filter);
        return inH == height ? horizontal : pass(horizontal, width, inH, height, false, filter);
    }

    /**
     * The image's pixels as packed RGB ints (bits 24-31 undefined), row-major: the decoder's own
     * {@code TYPE_INT_RGB} array as it is (read only), else a converted copy. {@code getRGB} would
     * convert each of the pixels through the colour model, which costs more than the resize.
     */
    static int[] packedRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        WritableRaster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_INT_RGB
                && raster.getDataBuffer() instanceof DataBufferInt data
                && data.getNumBanks() == 1
                && data.getOffset() == 0
                && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel model
                && model.getScanlineStride() == w
                && data.getData().length == w * h) {
            return data.getData();
        }
        return image.getRGB(0, 0, w, h, null, 0, w);
    }

    private static int[] nearest(int[] pixels, int inW, int inH, int width, int height) {
        // Pillow steps through source coordinates by repeated addition; doing the same picks the
        // same
        // pixel where (x + 0.5) * scale lands exactly on an integer
        int[] columns = new int[width];
        double xScale = (double) inW / width;
        double xo = xScale * 0.5;
        for (int x = 0; x < width; x++, xo += xScale) {
            columns[x] = Math.min(inW - 1, (int) xo);
        }
        int[] out = new int[width * height];
        double yScale = (double) inH / height;
        double yo = yScale * 0.5;
        for (int y = 0; y < height; y++, yo += yScale) {
            int sy = Math.min(inH - 1, (int) yo);
            for (int x = 0; x < width; x++) {
                out[y * width + x] = pixels[sy * inW + columns[x]];
            }
        }
        return out;
    }

    /**
     * One pass along x ({@code horizontal}) or y, from {@code in} to {@code outSize} samples, in
     * Pillow's fixed point: weights normalised in double, then scaled by 2^{@value #PRECISION_BITS}
     * and rounded half away from zero, sums started at one half and shifted back.
     */
    private static int[] pass(
            int[] src,
            int w,
            int h,
            int outSize,
            boolean horizontal,
            PreprocessorConfig.Resample filter) {
        int inSize = horizontal ? w : h;
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = support(filter) * filterScale;
        int taps = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] counts = new int[outSize];
        int[] weights = new int[outSize * taps];
        double[] k = new double[taps];
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), inSize);
            int count = Math.min(max - min, taps);
            double total = 0;
            for (int j = 0; j < count; j++) {
                k[j] = kernel(filter, (j + min - center + 0.5) / filterScale);
                total += k[j];
            }
            for (int j = 0; j < count; j++) {
                double weight = (total == 0 ? 0 : k[j] / total) * (1 << PRECISION_BITS);
                weights[o * taps + j] = (int) (weight < 0 ? weight - 0.5 : weight + 0.5);
            }
            first[o] = min;
            counts[o] = count;
        }
        return horizontal
                ? horizontal(src, w, h, outSize, first, counts, weights, taps)
                : vertical(src, w, outSize, first, counts, weights, taps);
    }

    private static int[] horizontal(
            int[] src, int w, int h, int outW, int[] first, int[] counts, int[] weights, int taps) {
        int[] out = new int[outW * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < outW; x++) {
                int r = HALF;
                int g = HALF;
                int b = HALF;
                int s = row + first[x];
                int kk = x * taps;
                for (int j = 0, count = counts[x]; j < count; j++) {
                    int rgb = src[s + j];
                    int weight = weights[kk + j];
                    r += ((rgb >> 16) & 0xFF) * weight;
                    g += ((rgb >> 8) & 0xFF) * weight;
                    b += (rgb & 0xFF) * weight;
                }
                out[y * outW + x] = (clip8(r) << 16) | (clip8(g) << 8) | clip8(b);
            }
        }
        return out;
    }

    /** Row by row, each source row's contribution added across the whole row (vectorisable). */
    private static int[] vertical(
            int[] src, int w, int outH, int[] first, int[] counts, int[] weights, int taps) {
        int[] out = new int[w * outH];
        int[] r = new int[w];
        int[] g = new int[w];
        int[] b = new int[w];
        for (int y = 0; y < outH; y++) {
            Arrays.fill(r, HALF);
            Arrays.fill(g, HALF);
            Arrays.fill(b, HALF);
            for (int j = 0, count = counts[y]; j < count; j++) {
                int row = (first[y] + j) * w;
                int weight = weights[y * taps + j];
                for (int x = 0; x < w; x++) {
                    int rgb = src[row + x];
                    r[x] += ((rgb >> 16) & 0xFF) * weight;
                    g[x] += ((rgb >> 8) & 0xFF) * weight;
                    b[x] += (rgb & 0xFF) * weight;
                }
            }
            int row = y * w;
            for (int x = 0; x < w; x++) {
                out[row + x] = (clip8(r[x]) << 16) | (clip8(g[x]) << 8) | clip8(b[x]);
            }
        }
        return out;
    }

    private static double support(PreprocessorConfig.Resample filter) {
        return filter == PreprocessorConfig.Resample.BICUBIC ? 2.0 : 1.0;
    }

    private static double kernel(PreprocessorConfig.Resample filter, double x) {
        double ax = Math.abs(x);
        if (filter == PreprocessorConfig.Resample.BICUBIC) {
            double a = -0.5;
            if (ax < 1) {
                return ((a + 2) * ax - (a + 3)) * ax * ax + 1;
            }
            if (ax < 2) {
                return (((ax - 5) * ax + 8) * ax - 4) * a;
            }
            return 0;
        }
        return ax < 1 ? 1 - ax : 0;
    }

    private static int clip8(int sum) {
        int value = sum >> PRECISION_BITS;
        return value < 0 ? 0 : Math.min(value, 255);
    }
}
