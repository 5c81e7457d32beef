package dev.flinfer.image;

import java.awt.geom.AffineTransform;
import java.util.Locale;

/**
 * The EXIF / TIFF orientation tag (274, values 1-8) of a JPEG (APP1 "Exif" segment) or TIFF (first
 * IFD), and the transform that makes the image upright.
 *
 * <p>Only that tag is read, from the bytes of the image, and nothing else of its metadata: the
 * marker segments before the first scan are stepped over by their lengths, the first "Exif" segment
 * (at most 65533 bytes, as JPEG segment lengths are 16 bits) or the TIFF header and its first
 * directory are read in place, entry by entry, without copying or allocating. A general metadata
 * reader (TwelveMonkeys' {@code TIFFReader}) materialises every entry of the directory: measured
 * with 3.14.0, a 64 KiB EXIF segment of 5,000 entries each claiming 2^30 values made it allocate 25
 * MB. The number is read, not the {@code ImageOrientation} of the standard {@code
 * javax_imageio_1.0} tree: TwelveMonkeys 3.14.0 names orientations 5 and 7 one way for JPEG and the
 * other way for TIFF. An absent, damaged or out-of-range tag counts as 1 (as stored): orientation
 * is a hint, not a reason to refuse an image.
 */
final class ExifOrientation {
    private static final int TAG_ORIENTATION = 0x0112;
    private static final int SHORT = 3;
    private static final int LONG = 4;

    private ExifOrientation() {}

    /** The orientation of {@code image}, whose format is {@code format}. */
    static int of(String format, byte[] image) {
        try {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "jpeg" -> fromJpeg(image);
                case "tiff" -> fromTiff(image, 0, image.length);
                default -> 1;
            };
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /** Steps over the marker segments up to the first scan; reads the first "Exif" APP1. */
    private static int fromJpeg(byte[] b) {
        int at = 2; // after SOI
        while (at + 4 <= b.length) {
            if ((b[at] & 0xFF) != 0xFF) {
                return 1;
            }
            int marker = b[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // a fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                at += 2; // a marker without a segment
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return 1; // the scan (or the end) comes before any EXIF
            }
            int length = u16(b, at + 2, false);
            if (length < 2) {
                return 1;
            }
            int start = at + 4;
            int end = Math.min(b.length, at + 2 + length);
            if (marker == 0xE1 && end - start > 6 && isExif(b, start)) {
                // "Exif" and two zero bytes (some writers put one): the TIFF header follows
                int tiff = b[start + 5] == 0 ? start + 6 : start + 5;
                return fromTiff(b, tiff, end);
            }
            at += 2 + length;
        }
        return 1;
    }

    private static boolean isExif(byte[] b, int at) {
        return b[at] == 'E'
                && b[at + 1] == 'x'
                && b[at + 2] == 'i'
                && b[at + 3] == 'f'
                && b[at + 4] == 0;
    }

    /** The orientation in the first directory of the TIFF structure in {@code b[start, end)}. */
    private static int fromTiff(byte[] b, int start, int end) {
        if (end - start < 8) {
            return 1;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        if (u16(b, start + 2, little) != 42) {
            return 1;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || ifd > end - start - 2) {
            return 1;
        }
        int at = start + (int) ifd;
        int count = u16(b, at, little);
        at += 2;
        for (int i = 0; i < count && at + 12 <= end; i++, at += 12) {
            if (u16(b, at, little) != TAG_ORIENTATION) {
                continue;
            }
            int type = u16(b, at + 2, little);
            if (u32(b, at + 4, little) != 1 || (type != SHORT && type != LONG)) {
                return 1;
            }
            long value = type == SHORT ? u16(b, at + 8, little) : u32(b, at + 8, little);
            return value >= 1 && value <= 8 ? (int) value : 1;
        }
        return 1;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int first = b[at] & 0xFF;
        int second = b[at + 1] & 0xFF;
        return little ? first | second << 8 : first << 8 | second;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long high = u16(b, little ? at + 2 : at, little);
        long low = u16(b, little ? at : at + 2, little);
        return high << 16 | low;
    }

    /** Maps stored pixels ({@code w x h}) to upright pixels, for orientations 1-8. */
    static AffineTransform transform(int orientation, int w, int h) {
        return switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0); // mirror horizontally
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h); // rotate 180
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h); // mirror vertically
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // transpose
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0); // rotate 90 clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w); // transverse
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w); // rotate 90 counter-clockwise
            default -> new AffineTransform();
        };
    }
}
