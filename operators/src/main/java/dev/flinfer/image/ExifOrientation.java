package dev.flinfer.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.stream.ImageInputStream;

/**
 * The EXIF / TIFF orientation tag (274, values 1-8) of a JPEG (APP1 "Exif" segment) or TIFF (first
 * IFD), read with TwelveMonkeys' metadata readers, and the transform that makes the image upright.
 *
 * <p>The number is read, not the {@code ImageOrientation} of the standard {@code javax_imageio_1.0}
 * tree: TwelveMonkeys 3.14.0 names orientations 5 and 7 one way for JPEG and the other way for
 * TIFF. An absent, damaged or out-of-range tag counts as 1 (as stored): orientation is a hint, not
 * a reason to refuse an image.
 */
final class ExifOrientation {
    private ExifOrientation() {}

    /** The orientation of the image in {@code input}, whose format is {@code format}. */
    static int of(String format, ImageInputStream input) {
        try {
            input.seek(0);
            Directory ifd0 =
                    switch (format.toLowerCase(Locale.ROOT)) {
                        case "jpeg" -> jpegExif(input);
                        case "tiff" -> firstIfd(new TIFFReader().read(input));
                        default -> null;
                    };
            Entry entry = ifd0 == null ? null : ifd0.getEntryById(TIFF.TAG_ORIENTATION);
            if (entry != null && entry.getValue() instanceof Number number) {
                int value = number.intValue();
                return value >= 1 && value <= 8 ? value : 1;
            }
            return 1;
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    private static Directory jpegExif(ImageInputStream input) throws IOException {
        List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(input, JPEG.APP1, "Exif");
        if (segments.isEmpty()) {
            return null;
        }
        // the identifier is "Exif" and two zero bytes; the segment data starts after the first
        byte[] data = segments.get(0).data().readAllBytes();
        int start = data.length > 0 && data[0] == 0 ? 1 : 0;
        return firstIfd(
                new TIFFReader()
                        .read(new ByteArrayImageInputStream(data, start, data.length - start)));
    }

    private static Directory firstIfd(Directory directory) {
        return directory instanceof CompoundDirectory compound && compound.directoryCount() > 0
                ? compound.getDirectory(0)
                : directory;
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
