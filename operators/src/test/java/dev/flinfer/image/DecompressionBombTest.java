package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.record.BadRecordException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Small files that claim or inflate to huge images are refused from their headers, quickly and
 * without allocating pixels: measured as the bytes this thread allocates, so the tests hold
 * whatever the heap of the test JVM.
 */
class DecompressionBombTest {
    private static final long ONE_MB = 1024 * 1024;
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);

    @BeforeAll
    static void loadTheReaders() throws Exception {
        // class loading and reader set-up are paid once per JVM, not per image
        DECODER.decode(
                TestImages.encode(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png"));
    }

    private static void assertRefusedCheaply(byte[] bomb, long maxBytes) {
        long started = System.nanoTime();
        long allocated =
                Allocations.of(
                        () -> {
                            assertThatThrownBy(() -> DECODER.decode(bomb))
                                    .isInstanceOf(BadRecordException.class)
                                    .satisfies(
                                            e ->
                                                    assertThat(((BadRecordException) e).code())
                                                            .isEqualTo(
                                                                    ImageErrors.TOO_MANY_PIXELS));
                            return null;
                        });
        assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
        assertThat(allocated).isLessThan(maxBytes);
    }

    @Test
    void aPngHeaderClaiming100000By100000PixelsIsRefusedWithinASecondWithoutAllocating() {
        // 10^10 pixels would be 40 GB as TYPE_INT_RGB; the file is 33 bytes
        assertRefusedCheaply(TestImages.pngHeaderOnly(100_000, 100_000), ONE_MB);
    }

    @Test
    void aJpegHeaderClaiming65535SquaredPixelsIsRefusedWithoutAllocating() {
        assertRefusedCheaply(TestImages.jpegHeaderOnly(65_535, 65_535), ONE_MB);
    }

    @Test
    void aPngWhoseDataInflatesToAGigabyteIsRefusedWithoutInflatingIt() {
        byte[] bomb = TestImages.zlibBombPng(20_000); // 20000 x 20000 black pixels, 1.2 GB raw
        assertThat(bomb.length).isLessThan(3_000_000);
        assertRefusedCheaply(bomb, bomb.length + 4 * ONE_MB);
    }

    @Test
    void aPngWithACompressedTextChunkThatInflatesTo400MegabytesDecodesWithoutInflatingIt()
            throws Exception {
        byte[] png = TestImages.encode(TestImages.halves(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        byte[] withText = insertChunkAfterHeader(png, "zTXt", zTxt(400 * (int) ONE_MB));
        assertThat(withText.length).isLessThan(1_000_000);
        long[] size = new long[1];
        long allocated = Allocations.of(() -> size[0] = DECODER.decode(withText).getWidth());
        assertThat(size[0]).isEqualTo(8);
        assertThat(allocated).isLessThan(withText.length + 4 * ONE_MB);
    }

    /** A zTXt payload: keyword, separator, method 0, then {@code zeros} deflated zero bytes. */
    private static byte[] zTxt(int zeros) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Comment".getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        out.write(0);
        try (OutputStream z = new DeflaterOutputStream(out, new Deflater(9), 1 << 16)) {
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < zeros / block.length; i++) {
                z.write(block);
            }
        }
        return out.toByteArray();
    }

    /** {@code png} with a chunk inserted after IHDR (signature 8 bytes, IHDR 25 bytes). */
    private static byte[] insertChunkAfterHeader(byte[] png, String type, byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(png.length + 12 + data.length);
        out.put(png, 0, 33).putInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.putInt((int) crc.getValue()).put(png, 33, png.length - 33);
        return out.array();
    }
}
