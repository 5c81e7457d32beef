package dev.flinfer.jobs.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

/** Inputs a public image endpoint gets sooner or later; each must become a dead letter. */
public final class HostileImages {
    private HostileImages() {}

    /**
     * A random blob, a truncated JPEG and a PNG header claiming 100000 x 100000 pixels, by name.
     */
    public static Map<String, byte[]> samples() {
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        byte[] random = new byte[2048];
        new Random(42).nextBytes(random);
        hostile.put("random-bytes", random);
        byte[] jpeg = TextLineRenderer.render("cut short", false, "jpg", 1);
        hostile.put("truncated-jpeg", Arrays.copyOf(jpeg, jpeg.length / 3));
        hostile.put("png-bomb-100kx100k", pngHeaderOnly(100_000, 100_000));
        return hostile;
    }

    /**
     * A PNG signature and an IHDR chunk that claims {@code width x height} pixels, and nothing
     * else.
     */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }
}
