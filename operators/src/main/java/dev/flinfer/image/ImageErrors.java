package dev.flinfer.image;

import org.apache.flink.annotation.Internal;

/** Dead-letter codes of images that cannot be used. */
@Internal
public final class ImageErrors {
    /** Zero bytes. */
    public static final String EMPTY = "image-empty";

    /** More encoded bytes than the limit. */
    public static final String TOO_LARGE = "image-too-large";

    /** More pixels (width x height, from the header) than the limit: a decompression bomb. */
    public static final String TOO_MANY_PIXELS = "image-too-many-pixels";

    /** Not a format any installed ImageIO reader recognises. */
    public static final String UNSUPPORTED = "image-unsupported";

    /** Recognised, but the decoder failed or warned (truncated or damaged data). */
    public static final String CORRUPT = "image-corrupt";

    private ImageErrors() {}
}
