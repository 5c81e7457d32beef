package dev.flinfer.image;

import java.util.List;
import java.util.Locale;

/**
 * Which ImageIO read warnings mean the pixels are damaged. Decoders report truncated or damaged
 * data as a warning and fill the rest with grey; such an image is refused as corrupt. Warnings
 * about problems the decoder recovered from, with the pixels intact, are not damage: a CMYK JPEG
 * without an ICC profile, a libjpeg "extraneous bytes before marker", a TIFF tag the reader works
 * around. A warning not known to be harmless counts as damage.
 */
final class DecoderWarnings {
    /** Lower-case parts of the harmless warnings of libjpeg, the JDK and TwelveMonkeys 3.14. */
    private static final List<String> HARMLESS =
            List.of(
                    "icc", // colour profile missing, broken or of another class: converted anyway
                    "extraneous bytes before marker", // libjpeg skipped padding between segments
                    "invalid sos parameters", // libjpeg: odd scan header of some cameras, decoded
                    "ignoring", // TwelveMonkeys: a segment, chunk or tag it skips
                    "instead", // TwelveMonkeys TIFF: a wrong tag, another one used
                    "fallback", // TwelveMonkeys TIFF: no PhotometricInterpretation
                    "old-style jpeg", // TwelveMonkeys TIFF: old JPEG compression, handled
                    "colormap", // TwelveMonkeys TIFF: 8-bit palette detected
                    "exif chunk", // unreadable EXIF: only the orientation hint is lost
                    "alpha"); // WebP alpha it cannot read: the image is made opaque anyway

    private DecoderWarnings() {}

    static boolean isDamage(String warning) {
        String lower = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        for (String harmless : HARMLESS) {
            if (lower.contains(harmless)) {
                return false;
            }
        }
        return true;
    }
}
