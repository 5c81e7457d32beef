package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.record.BadRecordException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    private static void assertHalves(BufferedImage image, int width, int height) {
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        Color left = new Color(image.getRGB(width / 4, height / 2));
        Color right = new Color(image.getRGB(3 * width / 4, height / 2));
        assertThat(left.getRed()).isGreaterThan(200);
        assertThat(left.getBlue()).isLessThan(60);
        assertThat(right.getBlue()).isGreaterThan(200);
        assertThat(right.getRed()).isLessThan(60);
    }

    @Test
    void decodesPngJpegGifBmpAndTiff() throws Exception {
        BufferedImage source = TestImages.halves(64, 32, BufferedImage.TYPE_INT_RGB);
        for (String format : new String[] {"png", "jpg", "bmp", "tiff"}) {
            assertHalves(decoder.decode(TestImages.encode(source, format)), 64, 32);
        }
        assertHalves(
                decoder.decode(
                        TestImages.encode(
                                TestImages.halves(64, 32, BufferedImage.TYPE_BYTE_INDEXED), "gif")),
                64,
                32);
    }

    @Test
    void decodesProgressiveAndGrayscaleJpeg() throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(
                    null,
                    new IIOImage(TestImages.halves(64, 32, BufferedImage.TYPE_INT_RGB), null, null),
                    param);
        } finally {
            writer.dispose();
        }
        assertHalves(decoder.decode(bytes.toByteArray()), 64, 32);

        BufferedImage gray = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 20, 10);
        g.dispose();
        BufferedImage decoded = decoder.decode(TestImages.encode(gray, "jpg"));
        assertThat(new Color(decoded.getRGB(5, 5)).getGreen()).isGreaterThan(240);
    }

    @Test
    void transparencyIsFlattenedOntoWhiteAndPalettesAnd16BitPngsDecode() throws Exception {
        BufferedImage rgba = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        assertThat(new Color(decoder.decode(TestImages.encode(rgba, "png")).getRGB(5, 5)))
                .isEqualTo(Color.WHITE);

        IndexColorModel palette =
                new IndexColorModel(
                        2, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0}, new byte[] {0, 0});
        BufferedImage indexed = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.setRGB(1, 1, Color.RED.getRGB());
        BufferedImage decoded = decoder.decode(TestImages.encode(indexed, "png"));
        assertThat(new Color(decoded.getRGB(1, 1))).isEqualTo(Color.RED);

        BufferedImage sixteen = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        sixteen.getRaster().setSample(2, 2, 0, 65535);
        assertThat(
                        new Color(decoder.decode(TestImages.encode(sixteen, "png")).getRGB(2, 2))
                                .getRed())
                .isEqualTo(255);
    }

    @Test
    void exifOrientationSixTurnsAJpegClockwise() throws Exception {
        byte[] jpeg =
                TestImages.encode(TestImages.halves(64, 32, BufferedImage.TYPE_INT_RGB), "jpg");
        BufferedImage turned = decoder.decode(TestImages.withExifOrientation(jpeg, 6));
        assertThat(turned.getWidth()).isEqualTo(32);
        assertThat(turned.getHeight()).isEqualTo(64);
        // the left (red) half is on top after a clockwise turn
        assertThat(new Color(turned.getRGB(16, 8)).getRed()).isGreaterThan(200);
        assertThat(new Color(turned.getRGB(16, 56)).getBlue()).isGreaterThan(200);
    }

    @Test
    @Timeout(5)
    void aDecompressionBombIsRefusedFromItsHeader() {
        assertThatThrownBy(() -> decoder.decode(TestImages.pngHeaderOnly(100_000, 100_000)))
                .isInstanceOf(BadRecordException.class)
                .satisfies(
                        e ->
                                assertThat(((BadRecordException) e).code())
                                        .isEqualTo(ImageErrors.TOO_MANY_PIXELS))
                .hasMessageContaining("100000x100000");
    }

    @Test
    void hostileBytesBecomeBadRecordsWithCodes() {
        byte[] random = new byte[1000];
        new Random(3).nextBytes(random);
        byte[] jpeg =
                TestImages.encode(TestImages.halves(64, 64, BufferedImage.TYPE_INT_RGB), "jpg");
        byte[] png =
                TestImages.encode(TestImages.halves(64, 64, BufferedImage.TYPE_INT_RGB), "png");
        assertCode(new byte[0], ImageErrors.EMPTY);
        assertCode(random, ImageErrors.UNSUPPORTED);
        assertCode("hello, I am text".getBytes(), ImageErrors.UNSUPPORTED);
        assertCode(Arrays.copyOf(jpeg, jpeg.length / 2), ImageErrors.CORRUPT);
        assertCode(Arrays.copyOf(png, png.length / 2), ImageErrors.CORRUPT);
        assertThatThrownBy(() -> new ImageDecoder(new ImageLimits(100, 1000)).decode(jpeg))
                .satisfies(
                        e ->
                                assertThat(((BadRecordException) e).code())
                                        .isEqualTo(ImageErrors.TOO_LARGE));
    }

    private void assertCode(byte[] bytes, String code) {
        assertThatThrownBy(() -> decoder.decode(bytes))
                .isInstanceOf(BadRecordException.class)
                .satisfies(e -> assertThat(((BadRecordException) e).code()).isEqualTo(code));
    }

    @Test
    void decodesAnInterlacedPng() throws Exception {
        assertHalves(
                decoder.decode(
                        TestImages.interlacedPng(
                                TestImages.halves(37, 19, BufferedImage.TYPE_INT_RGB))),
                37,
                19);
    }

    @Test
    void decodesLosslessWebp() throws Exception {
        BufferedImage image = decoder.decode(TestImages.solidWebp(5, 3, 0x2080C0));
        assertThat(image.getWidth()).isEqualTo(5);
        assertThat(image.getHeight()).isEqualTo(3);
        assertThat(image.getRGB(4, 2) & 0xFFFFFF).isEqualTo(0x2080C0);
    }

    @Test
    void decodesAFourChannelCmykJpeg() throws Exception {
        java.awt.image.WritableRaster cmyk =
                java.awt.image.Raster.createInterleavedRaster(
                        java.awt.image.DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
        BufferedImage image = decoder.decode(bytes.toByteArray());
        assertThat(image.getWidth()).isEqualTo(16);
        assertThat(image.getHeight()).isEqualTo(8);
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    }

    @Test
    @Timeout(20)
    void bombsAreRefusedFromTheirHeadersBeforeAnyPixelIsAllocated() {
        // the test JVM runs with a small heap (see operators/pom.xml): a decoded bomb would fail
        // with OOM
        byte[] zlibBomb = TestImages.zlibBombPng(20_000);
        assertThat(zlibBomb.length).isLessThan(3_000_000); // inflates to 1.2 GB
        assertCode(zlibBomb, ImageErrors.TOO_MANY_PIXELS);
        assertCode(TestImages.jpegHeaderOnly(65_535, 65_535), ImageErrors.TOO_MANY_PIXELS);
        assertCode(TestImages.pngHeaderOnly(100_000, 100_000), ImageErrors.TOO_MANY_PIXELS);
    }
}
