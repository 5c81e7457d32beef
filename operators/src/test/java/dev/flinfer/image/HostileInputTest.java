package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.record.BadRecordException;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever the bytes, decoding either gives an image or throws {@link BadRecordException} with one
 * of the image codes: never another exception, which would fail a Flink job.
 */
class HostileInputTest {
    private static final List<String> CODES =
            List.of(
                    ImageErrors.EMPTY,
                    ImageErrors.TOO_LARGE,
                    ImageErrors.TOO_MANY_PIXELS,
                    ImageErrors.UNSUPPORTED,
                    ImageErrors.CORRUPT);

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    private static Map<String, byte[]> validImages() {
        BufferedImage rgb = TestImages.halves(40, 24, BufferedImage.TYPE_INT_RGB);
        return Map.of(
                "jpeg", TestImages.encode(rgb, "jpg"),
                "png", TestImages.encode(rgb, "png"),
                "gif",
                        TestImages.encode(
                                TestImages.halves(40, 24, BufferedImage.TYPE_BYTE_INDEXED), "gif"),
                "bmp", TestImages.encode(rgb, "bmp"),
                "tiff", HandMadeImages.tiff(rgb, 1),
                "webp", TestImages.solidWebp(40, 24, 0x336699),
                "interlaced png", TestImages.interlacedPng(rgb));
    }

    private void assertDecodesOrIsABadRecord(String what, byte[] bytes) {
        try {
            BufferedImage image = decoder.decode(bytes);
            assertThat(image.getType()).as(what).isEqualTo(BufferedImage.TYPE_INT_RGB);
        } catch (BadRecordException e) {
            assertThat(e.code()).as(what + ": " + e.getMessage()).isIn(CODES);
        }
    }

    @Test
    @Timeout(120)
    void everyTruncationOfEveryFormatIsAnImageOrABadRecord() {
        validImages()
                .forEach(
                        (format, bytes) -> {
                            for (int cut = 1;
                                    cut < bytes.length;
                                    cut += Math.max(1, bytes.length / 97)) {
                                assertDecodesOrIsABadRecord(
                                        format + " cut at " + cut, Arrays.copyOf(bytes, cut));
                            }
                        });
    }

    @Test
    // A guard against a decoder that hangs, not a speed limit: damaged headers that claim up to
    // the pixel limit are decoded in full (82-85 s for the class with a 2 GB heap), hence 600.
    @Timeout(600)
    void randomlyDamagedFilesAreImagesOrBadRecords() {
        Random random = new Random(42);
        validImages()
                .forEach(
                        (format, bytes) -> {
                            for (int round = 0; round < 150; round++) {
                                byte[] damaged = bytes.clone();
                                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                                    damaged[random.nextInt(damaged.length)] =
                                            (byte) random.nextInt(256);
                                }
                                assertDecodesOrIsABadRecord(format + " round " + round, damaged);
                            }
                        });
    }

    @Test
    void truncatedJpegAndPngAreCorrupt() {
        for (String format : new String[] {"jpeg", "png"}) {
            byte[] bytes = validImages().get(format);
            assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(bytes, bytes.length * 2 / 3)))
                    .isInstanceOf(BadRecordException.class)
                    .satisfies(
                            e ->
                                    assertThat(((BadRecordException) e).code())
                                            .isEqualTo(ImageErrors.CORRUPT));
        }
    }

    @Test
    void randomBytesTextAndShortInputsAreUnsupported() {
        Random random = new Random(7);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[1 + random.nextInt(2000)];
            random.nextBytes(bytes);
            if ((bytes[0] & 0xFF) != 0xFF
                    && bytes[0] != 'B'
                    && bytes[0] != 'I'
                    && bytes[0] != 'M') {
                inputs.add(bytes); // not by chance the start of a JPEG, BMP or TIFF
            }
        }
        inputs.add("{\"id\": 1, \"text\": \"not an image\"}\n".getBytes(StandardCharsets.UTF_8));
        inputs.add("a".getBytes(StandardCharsets.UTF_8));
        inputs.add(new byte[] {(byte) 0x89, 'P'});
        for (byte[] input : inputs) {
            assertThatThrownBy(() -> decoder.decode(input))
                    .isInstanceOf(BadRecordException.class)
                    .satisfies(
                            e ->
                                    assertThat(((BadRecordException) e).code())
                                            .isEqualTo(ImageErrors.UNSUPPORTED));
        }
    }

    @Test
    void limitsAreCheckedAndNamedInTheMessage() {
        byte[] png = validImages().get("png");
        assertThatThrownBy(
                        () -> new ImageDecoder(new ImageLimits(png.length - 1, 1000)).decode(png))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining(String.valueOf(png.length))
                .satisfies(
                        e ->
                                assertThat(((BadRecordException) e).code())
                                        .isEqualTo(ImageErrors.TOO_LARGE));
        assertThatThrownBy(
                        () -> new ImageDecoder(new ImageLimits(1 << 20, 40 * 24 - 1)).decode(png))
                .hasMessageContaining("40x24")
                .satisfies(
                        e ->
                                assertThat(((BadRecordException) e).code())
                                        .isEqualTo(ImageErrors.TOO_MANY_PIXELS));
        assertThatThrownBy(() -> new ImageLimits(0, 10))
                .hasMessageContaining("maxEncodedBytes")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new ImageLimits(10, -3))
                .hasMessageContaining("maxPixels")
                .hasMessageContaining("-3");
    }
}
