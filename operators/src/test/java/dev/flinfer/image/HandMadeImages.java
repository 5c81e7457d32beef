package dev.flinfer.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Images whose metadata is written here byte by byte: EXIF orientation in either byte order and
 * after other segments, TIFFs with an orientation tag, JPEGs with an Adobe colour transform.
 */
final class HandMadeImages {
    private HandMadeImages() {}

    /** {@code jpeg} with an APP1 "Exif" segment (one IFD entry: orientation) at {@code at}. */
    static byte[] withExif(byte[] jpeg, int orientation, ByteOrder order, int at) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(order);
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        tiff.putShort((short) 42).putInt(8).putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1);
        tiff.putShort((short) orientation).putShort((short) 0).putInt(0);
        return insertSegment(
                jpeg,
                0xE1,
                concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff.array()),
                at);
    }

    /**
     * {@code jpeg} with the marker segment {@code marker} holding {@code payload} at {@code at}.
     */
    static byte[] insertSegment(byte[] jpeg, int marker, byte[] payload, int at) {
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + payload.length);
        out.put(jpeg, 0, at);
        out.put((byte) 0xFF).put((byte) marker).putShort((short) (payload.length + 2));
        out.put(payload).put(jpeg, at, jpeg.length - at);
        return out.array();
    }

    /**
     * A 16 x 8 four-component JPEG of one colour with an Adobe APP14 segment: {@code transform} 0
     * is CMYK, 2 is YCCK. The components are written as given (Adobe files store CMYK inverted).
     */
    static byte[] adobeJpeg(int transform, int... components) {
        WritableRaster raster =
                Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, components);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null); // no colour transform
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        ByteBuffer adobe = ByteBuffer.allocate(12);
        adobe.put("Adobe".getBytes(StandardCharsets.US_ASCII)).putShort((short) 100);
        adobe.putShort((short) 0).putShort((short) 0).put((byte) transform);
        return insertSegment(bytes.toByteArray(), 0xEE, adobe.array(), 2);
    }

    /** An uncompressed big-endian RGB TIFF of {@code image} with the orientation tag. */
    static byte[] tiff(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        int entries = 9;
        int pixelsAt = 8 + 2 + 12 * entries + 4;
        int bitsAt = pixelsAt + 3 * w * h;
        ByteBuffer b = ByteBuffer.allocate(bitsAt + 6);
        b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) entries);
        shortEntry(b, 256, w); // width
        shortEntry(b, 257, h); // height
        entry(b, 258, 3, 3, bitsAt); // bits per sample: 8, 8, 8
        shortEntry(b, 259, 1); // no compression
        shortEntry(b, 262, 2); // RGB
        entry(b, 273, 4, 1, pixelsAt); // strip offset
        shortEntry(b, 274, orientation);
        shortEntry(b, 277, 3); // samples per pixel
        entry(b, 279, 4, 1, 3 * w * h); // strip byte count
        b.putInt(0); // no next IFD
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                b.put((byte) (rgb >> 16)).put((byte) (rgb >> 8)).put((byte) rgb);
            }
        }
        b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        return b.array();
    }

    private static void shortEntry(ByteBuffer b, int tag, int value) {
        entry(b, tag, 3, 1, value << 16); // a SHORT sits in the first two bytes of the field
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
