package dev.flinfer.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** Images made in test code, so that no binary fixture is committed. */
final class TestImages {
    private TestImages() {}

    /** Left half red, right half blue. */
    static BufferedImage halves(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PNG signature and an IHDR claiming {@code width x height}, with a correct CRC, and no
     * pixels.
     */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(33);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }

    /** {@code jpeg} with an EXIF APP1 segment (big-endian TIFF, one IFD entry) right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + exif.length);
        out.put(jpeg, 0, 2); // SOI
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** A PNG chunk: length, type, data, CRC of type and data. */
    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer header =
                ByteBuffer.allocate(8)
                        .putInt(data.length)
                        .put(type.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(header.array());
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] ihdr(int width, int height, int interlace) {
        return ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) interlace)
                .array();
    }

    /**
     * An RGB PNG with Adam7 interlacing (the JDK writer cannot write one), encoded here by hand.
     */
    static byte[] interlacedPng(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[][] passes = {
            {0, 0, 8, 8},
            {4, 0, 8, 8},
            {0, 4, 4, 8},
            {2, 0, 4, 4},
            {0, 2, 2, 4},
            {1, 0, 2, 2},
            {0, 1, 1, 2}
        };
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int[] pass : passes) {
            if (pass[0] >= w) {
                continue;
            }
            for (int y = pass[1]; y < h; y += pass[3]) {
                raw.write(0); // filter: none
                for (int x = pass[0]; x < w; x += pass[2]) {
                    int rgb = image.getRGB(x, y);
                    raw.write((rgb >> 16) & 0xFF);
                    raw.write((rgb >> 8) & 0xFF);
                    raw.write(rgb & 0xFF);
                }
            }
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(compressed)) {
            z.write(raw.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png(ihdr(w, h, 1), compressed.toByteArray());
    }

    /**
     * A real zlib bomb: a PNG of {@code side x side} black RGB pixels whose IDAT is a few hundred
     * kilobytes and inflates to {@code side * (3 * side + 1)} bytes.
     */
    static byte[] zlibBombPng(int side) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] row = new byte[3 * side + 1];
        try (OutputStream z = new DeflaterOutputStream(compressed, new Deflater(9), 1 << 16)) {
            for (int y = 0; y < side; y++) {
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png(ihdr(side, side, 0), compressed.toByteArray());
    }

    private static byte[] png(byte[] ihdr, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * A baseline JPEG frame header (SOF0) declaring {@code width x height}, and nothing to decode.
     */
    static byte[] jpegHeaderOnly(int width, int height) {
        ByteBuffer jpeg = ByteBuffer.allocate(2 + 19 + 2);
        jpeg.put((byte) 0xFF).put((byte) 0xD8);
        jpeg.put((byte) 0xFF)
                .put((byte) 0xC0)
                .putShort((short) 17)
                .put((byte) 8)
                .putShort((short) height)
                .putShort((short) width)
                .put((byte) 3);
        for (int c = 1; c <= 3; c++) {
            jpeg.put((byte) c).put((byte) 0x11).put((byte) 0);
        }
        jpeg.put((byte) 0xFF).put((byte) 0xD9);
        return jpeg.array();
    }

    /**
     * A lossless WebP (VP8L) of one colour, encoded here by hand: five one-symbol prefix codes make
     * every pixel cost zero bits. There is no WebP encoder in Java's ImageIO or TwelveMonkeys.
     */
    static byte[] solidWebp(int width, int height, int rgb) {
        Bits bits = new Bits();
        bits.put(0x2f, 8).put(width - 1, 14).put(height - 1, 14).put(0, 1).put(0, 3);
        bits.put(0, 1).put(0, 1).put(0, 1); // no transform, no colour cache, no meta prefix codes
        int[] symbols = {
            (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF, rgb & 0xFF, 0xFF, 0
        }; // G, R, B, A, distance
        for (int symbol : symbols) {
            bits.put(1, 1).put(0, 1).put(1, 1).put(symbol, 8); // simple code, one 8-bit symbol
        }
        byte[] data = bits.bytes();
        int padded = data.length + (data.length % 2);
        ByteBuffer riff =
                ByteBuffer.allocate(8 + 4 + 8 + padded).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 + padded);
        riff.put("WEBP".getBytes(StandardCharsets.US_ASCII))
                .put("VP8L".getBytes(StandardCharsets.US_ASCII));
        riff.putInt(data.length).put(data);
        return riff.array();
    }

    /** Bits packed least significant first, as VP8L reads them. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int count;

        Bits put(int value, int n) {
            for (int i = 0; i < n; i++) {
                current |= ((value >> i) & 1) << count;
                if (++count == 8) {
                    out.write(current);
                    current = 0;
                    count = 0;
                }
            }
            return this;
        }

        byte[] bytes() {
            if (count > 0) {
                out.write(current);
            }
            return out.toByteArray();
        }
    }
}
