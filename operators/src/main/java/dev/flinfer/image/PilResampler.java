package dev.flinfer.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Resizes like Pillow's {@code Image.resize} (what Hugging Face image processors call): separable
 * convolution, horizontal pass then vertical, with the filter widened by the scale factor when
 * shrinking (so downscaling averages over the whole footprint instead of aliasing), weights
 * normalised per output pixel, and each pass rounded back to 8 bits. Bilinear is Pillow's triangle
 * filter (support 1), bicubic its cubic with a = -0.5 (support 2); nearest takes the pixel under
 * each output pixel's centre.
 */
final class PilResampler {
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

    /** One pass along x ({@code horizontal}) or y, from {@code in} to {@code outSize} samples. */
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
        int[] bounds = new int[2 * outSize];
        double[][] weights = new double[outSize][];
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), inSize);
            double[] k = new double[max - min];
            double total = 0;
            for (int j = 0; j < k.length; j++) {
                k[j] = kernel(filter, (j + min - center + 0.5) / filterScale);
                total += k[j];
            }
            for (int j = 0; j < k.length; j++) {
                k[j] = total == 0 ? 0 : k[j] / total;
            }
            bounds[2 * o] = min;
            bounds[2 * o + 1] = max;
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
                    int s = bounds[2 * o] + j;
                    int rgb = horizontal ? src[y * w + s] : src[s * w + x];
                    r += k[j] * ((rgb >> 16) & 0xFF);
                    g += k[j] * ((rgb >> 8) & 0xFF);
                    b += k[j] * (rgb & 0xFF);
                }
                out[y * outW + x] = (clip8(r) << 16) | (clip8(g) << 8) | clip8(b);
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

    private static int clip8(double value) {
        long rounded = (long) Math.floor(value + 0.5);
        return (int) Math.max(0, Math.min(255, rounded));
    }
}
