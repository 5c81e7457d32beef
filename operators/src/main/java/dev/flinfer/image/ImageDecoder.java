package dev.flinfer.image;

import dev.flinfer.record.BadRecordException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes untrusted image bytes into an sRGB {@code TYPE_INT_RGB} image, or says why it cannot.
 *
 * <pre>{@code
 * BufferedImage image = new ImageDecoder(ImageLimits.DEFAULT).decode(bytes);
 * }</pre>
 *
 * <p>Formats are those of the installed ImageIO readers: the JDK's PNG, GIF (first frame) and BMP,
 * and TwelveMonkeys' JPEG (baseline, progressive, grayscale, CMYK/YCCK), WebP and TIFF. The encoded
 * size and the pixel count stated in the header are checked before any pixel is allocated. A
 * decoder warning (truncated or damaged data, which decoders otherwise paper over with grey) makes
 * the image corrupt. EXIF orientation of JPEGs is applied; transparency is flattened onto white.
 * Thread-safe.
 */
public final class ImageDecoder {
    static {
        ImageIO.setUseCache(false); // decode in memory, never through temporary files
        ImageIO.scanForPlugins();
    }

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    /** The image in {@code bytes}, upright and opaque. */
    public BufferedImage decode(byte[] bytes) throws BadRecordException {
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
        BufferedImage decoded;
        String format;
        try (ImageInputStream input =
                ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new BadRecordException(
                        ImageErrors.UNSUPPORTED,
                        "not an image in a supported format (JPEG, PNG, GIF, BMP, WebP, TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                format = reader.getFormatName();
                decoded = read(reader, input, format);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new BadRecordException(
                    ImageErrors.CORRUPT, "the image cannot be read: " + e.getMessage(), e);
        }
        int orientation = format.equalsIgnoreCase("jpeg") ? ExifOrientation.of(bytes) : 1;
        return toUprightRgb(decoded, orientation);
    }

    private BufferedImage read(ImageReader reader, ImageInputStream input, String format)
            throws BadRecordException {
        try {
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
            StringBuilder warnings = new StringBuilder();
            reader.addIIOReadWarningListener(
                    (source, warning) -> warnings.append(warning).append("; "));
            ImageReadParam param = reader.getDefaultReadParam();
            BufferedImage image = reader.read(0, param);
            if (warnings.length() > 0) {
                throw new BadRecordException(
                        ImageErrors.CORRUPT,
                        "the "
                                + format
                                + " image is damaged: "
                                + warnings.substring(0, warnings.length() - 2));
            }
            return image;
        } catch (BadRecordException e) {
            throw e;
        } catch (Exception | LinkageError | StackOverflowError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new BadRecordException(
                    ImageErrors.CORRUPT,
                    "the " + format + " image cannot be decoded: " + message,
                    e);
        }
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
            g.drawImage(image, orientationTransform(orientation, w, h), null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /** Maps stored pixels to display pixels for EXIF orientations 1-8. */
    static AffineTransform orientationTransform(int orientation, int w, int h) {
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
