package dev.flinfer.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.flinfer.record.BadRecordException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Decodes untrusted image bytes into an sRGB {@code TYPE_INT_RGB} image, or says why it cannot.
 *
 * <pre>{@code
 * BufferedImage image = new ImageDecoder(ImageLimits.DEFAULT).decode(bytes);
 * }</pre>
 *
 * <p>Formats, recognised by content: TwelveMonkeys' JPEG (baseline, progressive, grayscale,
 * CMYK/YCCK), WebP (lossy and lossless) and TIFF, and the JDK's PNG (alpha, palette, 16-bit,
 * interlaced), GIF (first frame) and BMP. The encoded size, and the pixel count the header states,
 * are checked before any pixel is allocated. A decoder warning of truncated or damaged data (which
 * decoders otherwise paper over with grey) makes the image corrupt; warnings of problems the
 * decoder recovered from (a CMYK JPEG without ICC profile) do not. The EXIF orientation of JPEGs
 * (and the orientation tag of TIFFs) is applied; transparency is flattened onto white.
 *
 * <p>Every failure is a {@link BadRecordException} with a code of {@link ImageErrors}. Thread-safe:
 * each call has its own stream and reader, and the reader is always disposed.
 */
@PublicEvolving
public final class ImageDecoder {
    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** How much smaller than its upright size an image may be decoded: 1, 2, 4 or 8. */
    @PublicEvolving
    @FunctionalInterface
    public interface Reduction {
        int denominator(int uprightWidth, int uprightHeight);
    }

    /**
     * The image in {@code bytes}, upright and opaque, decoded straight to 1/2, 1/4 or 1/8 of its
     * size where {@code reduction} allows it and the file is a baseline or progressive JPEG ({@link
     * ScaledJpegDecoder}; an embedded RGB ICC profile is applied to the small image as the full
     * decoder applies it). A progressive JPEG is decoded there at full size too, to the JDK
     * decoder's own pixels ({@link FullSizeJpeg}), which redoes its output after every scan.
     * Otherwise, and whenever that decoder is unsure of the file, as {@link #decode(byte[])}
     * decodes it, with every check the same.
     */
    public BufferedImage decode(byte[] bytes, Reduction reduction) throws BadRecordException {
        checkSize(bytes);
        if (bytes.length > 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8) {
            ScaledJpegDecoder jpeg = ScaledJpegDecoder.read(bytes);
            if (jpeg != null && (long) jpeg.width() * jpeg.height() <= limits.maxPixels()) {
                int orientation = ExifOrientation.of("jpeg", bytes);
                boolean swap = orientation >= 5;
                int denominator =
                        reduction.denominator(
                                swap ? jpeg.height() : jpeg.width(),
                                swap ? jpeg.width() : jpeg.height());
                // a progressive file is worth decoding here even at full size: the JDK's decoder
                // converts and copies out the whole image again after each of its scans
                if (denominator > 1 || jpeg.progressive()) {
                    BufferedImage small = jpeg.decode(denominator);
                    if (small != null && jpeg.iccProfile() != null) {
                        small = EmbeddedProfiles.toSrgb(small, jpeg.iccProfile());
                    }
                    if (small != null) {
                        return orientation == 1 ? small : toUprightRgb(small, orientation);
                    }
                }
            }
        }
        return decode(bytes);
    }

    /** The image in {@code bytes}, upright and opaque. */
    public BufferedImage decode(byte[] bytes) throws BadRecordException {
        checkSize(bytes);
        try (ImageInputStream input = new ByteArrayImageInputStream(bytes)) {
            ImageReader reader = ImageReaders.forInput(input);
            if (reader == null) {
                throw new BadRecordException(
                        ImageErrors.UNSUPPORTED,
                        "not an image in a supported format (JPEG, PNG, GIF, BMP, WebP, TIFF)");
            }
            String format = reader.getFormatName();
            try {
                BufferedImage decoded = read(reader, input, format);
                return toUprightRgb(decoded, ExifOrientation.of(format, bytes));
            } catch (BadRecordException e) {
                throw e;
            } catch (Exception | StackOverflowError e) {
                // decoders throw IIOException, but also runtime exceptions, on damaged data
                String message =
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new BadRecordException(
                        ImageErrors.CORRUPT,
                        "the " + format + " image cannot be decoded: " + message,
                        e);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new BadRecordException(
                    ImageErrors.CORRUPT, "the image cannot be read: " + e.getMessage(), e);
        }
    }

    private void checkSize(byte[] bytes) throws BadRecordException {
        if (bytes == null || bytes.length == 0) {
            throw new BadRecordException(ImageErrors.EMPTY, "the image has no bytes");
        }
        if (bytes.length > limits.maxEncodedBytes()) {
            throw new BadRecordException(
                    ImageErrors.TOO_LARGE,
                    "the image has "
                            + bytes.length
                            + " bytes, more than the limit of "
                            + limits.maxEncodedBytes());
        }
    }

    private BufferedImage read(ImageReader reader, ImageInputStream input, String format)
            throws BadRecordException, IOException {
        reader.setInput(input, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new BadRecordException(
                    ImageErrors.CORRUPT,
                    "the " + format + " header states " + width + "x" + height + " pixels");
        }
        if (width * height > limits.maxPixels()) {
            throw new BadRecordException(
                    ImageErrors.TOO_MANY_PIXELS,
                    "the "
                            + format
                            + " image is "
                            + width
                            + "x"
                            + height
                            + " pixels, more than the limit of "
                            + limits.maxPixels());
        }
        Set<String> damage = new LinkedHashSet<>(); // a decoder may repeat a warning per row
        reader.addIIOReadWarningListener(
                (source, warning) -> {
                    if (DecoderWarnings.isDamage(warning)) {
                        damage.add(warning);
                    }
                });
        BufferedImage image = reader.read(0); // the first frame only
        if (!damage.isEmpty()) {
            throw new BadRecordException(
                    ImageErrors.CORRUPT,
                    "the " + format + " image is damaged: " + String.join("; ", damage));
        }
        return image;
    }

    private static BufferedImage toUprightRgb(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage rgb =
                new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, ExifOrientation.transform(orientation, w, h), null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
