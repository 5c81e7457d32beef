package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.record.BadRecordException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * JPEGs decoded at reduced size in the DCT domain against the full decoder and the same resize: on
 * photo-like images (smooth gradients, hard edges, sensor-like noise) the model's tensor differs by
 * a fraction of a grey level on average; EXIF orientation is applied; whatever the scaled decoder
 * does not read (CMYK, damage) goes to the full decoder unchanged. Progressive files: {@link
 * ProgressiveJpegTest}.
 */
class ScaledJpegDecoderTest {
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);

    /** ViT's processor: 224 x 224 bilinear, [-1, 1]. */
    static ImagePreprocessor vit() throws Exception {
        return new ImagePreprocessor(
                PreprocessorConfig.parse(
                        new ObjectMapper()
                                .readTree(
                                        "{\"size\": {\"height\": 224, \"width\": 224},"
                                                + " \"resample\": 2, \"do_resize\": true,"
                                                + " \"rescale_factor\": 0.00392156862745098,"
                                                + " \"image_mean\": [0.5, 0.5, 0.5],"
                                                + " \"image_std\": [0.5, 0.5, 0.5]}"),
                        "test/preprocessor_config.json"));
    }

    static BufferedImage photo(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 40 + 180 * x / width + random.nextInt(9) - 4;
                int g = 200 - 150 * y / height + random.nextInt(9) - 4;
                int b = 90 + 60 * (x + y) / (width + height) + random.nextInt(9) - 4;
                pixels[y * width + x] = clip(r) << 16 | clip(g) << 8 | clip(b);
            }
        }
        Graphics2D g = image.createGraphics();
        for (int s = 0; s < 10; s++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(
                    random.nextInt(width),
                    random.nextInt(height),
                    20 + random.nextInt(width / 3),
                    20 + random.nextInt(height / 3));
        }
        g.dispose();
        return image;
    }

    private static int clip(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static byte[] jpeg(BufferedImage image, boolean progressive) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * Mean, 99th percentile and largest absolute difference of two tensors, in grey levels (0-255).
     */
    static double[] difference(float[] a, float[] b) {
        double[] d = new double[a.length];
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            d[i] = Math.abs(a[i] - b[i]) * 127.5; // [-1, 1] back to 0-255
            sum += d[i];
        }
        Arrays.sort(d);
        return new double[] {sum / a.length, d[(int) (d.length * 0.99)], d[d.length - 1]};
    }

    @Test
    void aFullHdPhotoDecodesAtAQuarterAndGivesTheFullPathsTensor() throws Exception {
        ImagePreprocessor vit = vit();
        byte[] bytes = jpeg(photo(1920, 1080, 1), false);
        assertThat(vit.reduction(1920, 1080)).isEqualTo(4);

        BufferedImage reduced = DECODER.decode(bytes, vit::reduction);
        assertThat(reduced.getWidth()).isEqualTo(480);
        assertThat(reduced.getHeight()).isEqualTo(270);

        double[] diff = difference(vit.toTensor(reduced), vit.toTensor(DECODER.decode(bytes)));
        System.out.printf(
                "1920x1080 at 1/4: mean %.3f, p99 %.1f, max %.1f grey levels%n",
                diff[0], diff[1], diff[2]);
        // a hard edge between two random colours differs most (the full path's bilinear
        // footprint and the block's low frequencies see it differently): the 99th percentile
        // bounds the image, the mean the whole
        assertThat(diff[0]).as("mean difference").isLessThan(1.0);
        assertThat(diff[1]).as("99th percentile").isLessThan(10);
    }

    @Test
    void everyScaleMatchesTheFullDecodeResizedToItsSize() throws Exception {
        BufferedImage photo = photo(640, 480, 2);
        byte[] bytes = jpeg(photo, false);
        BufferedImage full = DECODER.decode(bytes);
        for (int denominator : new int[] {2, 4, 8}) {
            BufferedImage reduced = ScaledJpegDecoder.decode(bytes, denominator);
            assertThat(reduced).as("1/%d", denominator).isNotNull();
            int w = 640 / denominator;
            int h = 480 / denominator;
            assertThat(reduced.getWidth()).isEqualTo(w);
            assertThat(reduced.getHeight()).isEqualTo(h);
            int[] mine = PilResampler.packedRgb(reduced);
            int[] box = box(full, denominator);
            double sum = 0;
            for (int i = 0; i < mine.length; i++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs((mine[i] >> shift & 0xFF) - (box[i] >> shift & 0xFF));
                }
            }
            double mean = sum / (3.0 * mine.length);
            System.out.printf(
                    "640x480 at 1/%d against a box filter: mean %.3f%n", denominator, mean);
            assertThat(mean).as("1/%d, mean difference in grey levels", denominator).isLessThan(3);
        }
    }

    /** The mean of each {@code d x d} square: what a block's low frequencies approximate. */
    private static int[] box(BufferedImage image, int d) {
        int w = image.getWidth() / d;
        int h = image.getHeight() / d;
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] sum = new int[3];
                for (int j = 0; j < d; j++) {
                    for (int i = 0; i < d; i++) {
                        int rgb = image.getRGB(x * d + i, y * d + j);
                        sum[0] += rgb >> 16 & 0xFF;
                        sum[1] += rgb >> 8 & 0xFF;
                        sum[2] += rgb & 0xFF;
                    }
                }
                int n = d * d;
                out[y * w + x] =
                        (sum[0] + n / 2) / n << 16
                                | (sum[1] + n / 2) / n << 8
                                | (sum[2] + n / 2) / n;
            }
        }
        return out;
    }

    @Test
    void theExifOrientationIsAppliedToTheReducedImage() throws Exception {
        ImagePreprocessor vit = vit();
        byte[] rotated = TestImages.withExifOrientation(jpeg(photo(1920, 1080, 3), false), 6);
        BufferedImage reduced = DECODER.decode(rotated, vit::reduction);
        BufferedImage full = DECODER.decode(rotated);
        assertThat(full.getWidth()).isEqualTo(1080);
        assertThat(reduced.getWidth()).isEqualTo(270);
        assertThat(reduced.getHeight()).isEqualTo(480);
        double[] diff = difference(vit.toTensor(reduced), vit.toTensor(full));
        assertThat(diff[0]).as("mean difference, rotated").isLessThan(1.0);
    }

    @Test
    void greyJpegsDecodeReduced() throws Exception {
        BufferedImage grey = new BufferedImage(800, 600, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.drawImage(photo(800, 600, 4), 0, 0, null);
        g.dispose();
        byte[] bytes = jpeg(grey, false);
        BufferedImage reduced = ScaledJpegDecoder.decode(bytes, 2);
        assertThat(reduced).isNotNull();
        int rgb = reduced.getRGB(100, 100);
        assertThat(rgb >> 16 & 0xFF).isEqualTo(rgb & 0xFF).isEqualTo(rgb >> 8 & 0xFF);
        ImagePreprocessor vit = vit();
        double[] diff =
                difference(
                        vit.toTensor(DECODER.decode(bytes, vit::reduction)),
                        vit.toTensor(DECODER.decode(bytes)));
        assertThat(diff[0]).isLessThan(1.0);
    }

    @Test
    void cmykAndSmallJpegsTakeTheFullDecoder() throws Exception {
        ImagePreprocessor vit = vit();
        byte[] cmyk = HandMadeImages.adobeJpeg(2, 0, 255, 255, 0);
        assertThat(ScaledJpegDecoder.decode(cmyk, 2)).isNull();
        int full = DECODER.decode(cmyk).getRGB(3, 3);
        assertThat(DECODER.decode(cmyk, (w, h) -> 2).getRGB(3, 3)).isEqualTo(full);

        byte[] small = jpeg(photo(320, 240, 6), false);
        assertThat(vit.reduction(320, 240)).isEqualTo(1);
        assertThat(DECODER.decode(small, vit::reduction).getWidth()).isEqualTo(320);
    }

    @Test
    void aCutShortOrDamagedJpegIsRefusedAsTheFullDecoderRefusesIt() throws Exception {
        byte[] bytes = jpeg(photo(1920, 1080, 7), false);
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
        assertThat(ScaledJpegDecoder.decode(cut, 4)).isNull();
        assertThatThrownBy(() -> DECODER.decode(cut, (w, h) -> 4))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("damaged");

        byte[] garbled = bytes.clone();
        Random random = new Random(8);
        for (int i = 0; i < 2000; i++) {
            garbled[600 + random.nextInt(garbled.length - 700)] = (byte) random.nextInt(256);
        }
        // whatever the scaled decoder makes of it, the result is the full decoder's verdict or an
        // image: never an exception of another kind
        try {
            DECODER.decode(garbled, (w, h) -> 4);
        } catch (BadRecordException e) {
            assertThat(e.code()).startsWith("image-");
        }
    }

    @Test
    void everyTruncationGetsTheFullDecodersVerdict() throws Exception {
        byte[] bytes = jpeg(photo(1024, 768, 9), false);
        for (int cut = 2; cut < bytes.length; cut += bytes.length / 60) {
            byte[] part = Arrays.copyOf(bytes, cut);
            String full = verdict(() -> DECODER.decode(part));
            String reduced = verdict(() -> DECODER.decode(part, (w, h) -> 4));
            assertThat(reduced).as("cut at %d of %d", cut, bytes.length).isEqualTo(full);
        }
    }

    private interface Decode {
        BufferedImage run() throws BadRecordException;
    }

    /** "image" or the bad record's code. */
    private static String verdict(Decode decode) {
        try {
            decode.run();
            return "image";
        } catch (BadRecordException e) {
            return e.code();
        }
    }

    @Test
    void theInverseTransformsAreTheEightPointBasisAtTheCentresOfTheirParts() {
        Random random = new Random(5);
        ScaledJpegDecoder.Idct idct = new ScaledJpegDecoder.Idct();
        for (int n : new int[] {1, 2, 4, 8}) {
            for (int trial = 0; trial < 200; trial++) {
                int[] block = new int[n * n];
                // at 8, samples within libjpeg's range limit (far outside it, libjpeg wraps)
                int range = n == 8 ? 160 : 1200;
                for (int i = 0; i < block.length; i++) {
                    block[i] = random.nextInt(range) - range / 2;
                }
                byte[] plane = new byte[n * n];
                idct.inverse(block.clone(), n, plane, 0, n); // at 8, libjpeg's islow transform
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        // sample (x, y) of N stands for the centre of its part of the 8 x 8 block
                        double px = (2 * x + 1) * 8.0 / (2 * n) - 0.5;
                        double py = (2 * y + 1) * 8.0 / (2 * n) - 0.5;
                        double sum = 0;
                        for (int v = 0; v < n; v++) {
                            for (int u = 0; u < n; u++) {
                                double cu = u == 0 ? Math.sqrt(0.5) : 1;
                                double cv = v == 0 ? Math.sqrt(0.5) : 1;
                                sum +=
                                        cu
                                                * cv
                                                / 4
                                                * block[v * n + u]
                                                * Math.cos((2 * px + 1) * u * Math.PI / 16)
                                                * Math.cos((2 * py + 1) * v * Math.PI / 16);
                            }
                        }
                        int expected = (int) Math.max(0, Math.min(255, Math.round(sum + 128)));
                        assertThat(plane[y * n + x] & 0xFF)
                                .as("N=%d, sample (%d, %d)", n, x, y)
                                .isCloseTo(expected, org.assertj.core.api.Assertions.within(1));
                    }
                }
            }
        }
    }

    /**
     * {@code jpeg} with {@code profile} embedded after its SOI in APP2 chunks of {@code chunks}.
     */
    private static byte[] withIccProfile(byte[] jpeg, byte[] profile, int chunks, int sent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int size = (profile.length + chunks - 1) / chunks;
        for (int i = 0; i < sent; i++) {
            int from = i * size;
            int length = Math.min(size, profile.length - from);
            int segment = 2 + 12 + 2 + length;
            out.write(0xFF);
            out.write(0xE2);
            out.write(segment >> 8);
            out.write(segment & 0xFF);
            out.writeBytes("ICC_PROFILE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(0);
            out.write(i + 1);
            out.write(chunks);
            out.write(profile, from, length);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void anEmbeddedIccProfileIsAppliedToTheReducedImageAsTheFullPathAppliesIt() throws Exception {
        ImagePreprocessor vit = vit();
        byte[] plain = jpeg(photo(1920, 1080, 4), false);
        byte[] linear = ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB).getData();
        byte[] tagged = withIccProfile(plain, linear, 2, 2);

        BufferedImage reduced = DECODER.decode(tagged, vit::reduction);
        assertThat(reduced.getWidth()).as("read at 1/4").isEqualTo(480);
        float[] full = vit.toTensor(DECODER.decode(tagged));
        double[] diff = difference(vit.toTensor(reduced), full);
        double[] profileEffect = difference(vit.toTensor(DECODER.decode(plain)), full);
        System.out.printf(
                "1920x1080 with a linear-RGB profile at 1/4: mean %.3f, p99 %.1f (the profile"
                        + " itself moves the tensor by a mean of %.1f)%n",
                diff[0], diff[1], profileEffect[0]);
        assertThat(profileEffect[0]).as("the profile is applied at all").isGreaterThan(10);
        assertThat(diff[0]).as("mean difference").isLessThan(1.0);
        assertThat(diff[1]).as("99th percentile").isLessThan(10);
    }

    @Test
    void theJdksSrgbProfileChangesNothingAndAProfileWithAChunkMissingTakesTheFullDecoder()
            throws Exception {
        ImagePreprocessor vit = vit();
        byte[] plain = jpeg(photo(1280, 720, 6), false);
        byte[] srgb = ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData();

        byte[] tagged = withIccProfile(plain, srgb, 1, 1);
        assertThat(PilResampler.packedRgb(DECODER.decode(tagged, vit::reduction)))
                .containsExactly(PilResampler.packedRgb(DECODER.decode(plain, vit::reduction)));

        byte[] halfAProfile = withIccProfile(plain, srgb, 2, 1);
        assertThat(ScaledJpegDecoder.read(halfAProfile)).isNull();
        assertThat(ScaledJpegDecoder.read(withIccProfile(plain, srgb, 2, 2))).isNotNull();
    }
}
