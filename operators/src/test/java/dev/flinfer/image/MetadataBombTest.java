package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Small images whose metadata would inflate or claim hundreds of megabytes: PNG text chunks
 * compressed with zlib (zTXt, iTXt), a compressed ICC profile (iCCP), and JPEG APP1 segments that
 * claim more than they hold or an EXIF directory of huge counts. Decoding reads no metadata but the
 * orientation, within the segment's bytes: it stays fast and small, and the pixels come out right.
 * Allocation is measured per thread, so the bounds hold whatever the heap of the test JVM.
 */
class MetadataBombTest {
    private static final long ONE_MB = 1024 * 1024;
    private static final int INFLATED = 512 * 1024 * 1024;
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static byte[] zlibBomb;

    @BeforeAll
    static void makeTheBombOnce() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream out =
                new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < INFLATED / spaces.length; i++) {
                out.write(spaces);
            }
        }
        zlibBomb = compressed.toByteArray();
        // class loading and reader set-up are paid once per JVM, not per image
        DECODER.decode(
                TestImages.encode(TestImages.halves(8, 4, BufferedImage.TYPE_INT_RGB), "png"));
    }

    /** Decodes {@code image}, checking time, allocation and the left and right halves' colours. */
    private static void assertDecodedCheaply(byte[] image) {
        BufferedImage[] decoded = new BufferedImage[1];
        long started = System.nanoTime();
        long allocated =
                Allocations.of(
                        () -> {
                            decoded[0] = DECODER.decode(image);
                            return null;
                        });
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(decoded[0]).as("decoded").isNotNull();
        assertThat(millis).as("milliseconds").isLessThan(2_000);
        assertThat(allocated).as("bytes allocated").isLessThan(16 * ONE_MB);
        BufferedImage expected = TestImages.halves(8, 4, BufferedImage.TYPE_INT_RGB);
        for (int[] at : new int[][] {{1, 1}, {6, 2}}) {
            int got = decoded[0].getRGB(at[0], at[1]);
            int want = expected.getRGB(at[0], at[1]);
            for (int shift = 0; shift < 24; shift += 8) {
                // JPEG is lossy: each channel within 16 of the original's
                assertThat((got >> shift) & 0xFF).isCloseTo((want >> shift) & 0xFF, within(16));
            }
        }
    }

    private static byte[] pngWithChunk(String type, byte[] data) {
        byte[] png = TestImages.encode(TestImages.halves(8, 4, BufferedImage.TYPE_INT_RGB), "png");
        int afterIhdr = 8 + 8 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theBombIsSmallAndInflatesToHalfAGigabyte() {
        assertThat((long) zlibBomb.length).isLessThan(ONE_MB);
    }

    @Test
    void aPngWithAZtxtChunkInflatingToHalfAGigabyteDecodesQuicklyAndSmall() {
        // zTXt: keyword, NUL, compression method 0, zlib data
        assertDecodedCheaply(pngWithChunk("zTXt", concat(latin1("Comment\0\0"), zlibBomb)));
    }

    @Test
    void aPngWithACompressedItxtChunkInflatingToHalfAGigabyteDecodesQuicklyAndSmall() {
        // iTXt: keyword, NUL, compressed 1, method 0, language, NUL, translated keyword, NUL, text
        assertDecodedCheaply(
                pngWithChunk(
                        "iTXt",
                        concat(
                                latin1("Comment\0"),
                                new byte[] {1, 0},
                                latin1("en\0\0"),
                                zlibBomb)));
    }

    @Test
    void aPngWithACompressedIccProfileInflatingToHalfAGigabyteDecodesQuicklyAndSmall() {
        // iCCP: profile name, NUL, compression method 0, zlib data
        assertDecodedCheaply(pngWithChunk("iCCP", concat(latin1("bomb\0\0"), zlibBomb)));
    }

    private static byte[] jpeg() {
        return TestImages.encode(TestImages.halves(8, 4, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    @Test
    void aJpegWhoseExifSegmentClaimsMoreBytesThanTheFileHoldsDecodes() {
        byte[] jpeg = jpeg();
        byte[] exif = HandMadeImages.withExif(jpeg, 1, java.nio.ByteOrder.BIG_ENDIAN, 2);
        // the APP1 length field claims 65535 bytes; the segment holds 32
        exif[4] = (byte) 0xFF;
        exif[5] = (byte) 0xFF;
        assertDecodedOrRefusedAsCorrupt(exif);
    }

    @Test
    void aJpegWithAFullSizeExifSegmentWhoseDirectoryClaimsHugeCountsDecodesQuicklyAndSmall() {
        // a 64 KiB APP1: IFD of 5000 entries, each a LONG array of 2^30 values at offset 8
        ByteBuffer tiff = ByteBuffer.allocate(65_000);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        int entries = (tiff.capacity() - 8 - 2 - 4) / 12;
        tiff.putShort((short) entries);
        for (int i = 0; i < entries; i++) {
            tiff.putShort((short) (0x8000 + i)).putShort((short) 4).putInt(1 << 30).putInt(8);
        }
        tiff.putInt(0);
        byte[] jpeg =
                HandMadeImages.insertSegment(
                        jpeg(), 0xE1, concat(latin1("Exif\0\0"), tiff.array()), 2);
        assertDecodedCheaply(jpeg);
    }

    @Test
    void aJpegWithManyFullSizeApp1SegmentsDecodesQuicklyAndSmall() {
        byte[] jpeg = jpeg();
        byte[] filler = concat(latin1("http://ns.adobe.com/xap/1.0/\0"), new byte[65_000]);
        for (int i = 0; i < 60; i++) {
            jpeg = HandMadeImages.insertSegment(jpeg, 0xE1, filler, 2);
        }
        assertThat(jpeg.length).isGreaterThan(3_500_000);
        assertDecodedCheaply(jpeg);
    }

    private static void assertDecodedOrRefusedAsCorrupt(byte[] image) {
        long started = System.nanoTime();
        long allocated =
                Allocations.of(
                        () -> {
                            try {
                                DECODER.decode(image);
                            } catch (dev.flinfer.record.BadRecordException e) {
                                assertThat(e.code()).isEqualTo(ImageErrors.CORRUPT);
                            }
                            return null;
                        });
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
        assertThat(allocated).isLessThan(16 * ONE_MB);
    }
}
