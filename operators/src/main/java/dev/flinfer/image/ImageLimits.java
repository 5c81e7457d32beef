package dev.flinfer.image;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What an image may cost before it is decoded: its encoded size, and its pixel count as the header
 * states it (checked before any pixel is allocated, so a small file that claims 100000 x 100000
 * pixels is refused).
 *
 * <pre>{@code
 * ImageDecoder decoder = new ImageDecoder(new ImageLimits(5 * 1024 * 1024, 12_000_000L));
 * }</pre>
 *
 * @param maxEncodedBytes larger inputs are refused unread
 * @param maxPixels width x height above this is refused
 */
@PublicEvolving
public record ImageLimits(int maxEncodedBytes, long maxPixels) implements Serializable {
    /** 20 MiB and 40 megapixels. */
    public static final ImageLimits DEFAULT = new ImageLimits(20 * 1024 * 1024, 40_000_000L);

    public ImageLimits {
        if (maxEncodedBytes < 1) {
            throw new IllegalArgumentException(
                    "maxEncodedBytes must be >= 1, got " + maxEncodedBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be >= 1, got " + maxPixels);
        }
    }
}
