package dev.flinfer.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import dev.flinfer.image.ImageDecoder;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.image.ImagePreprocessor;
import dev.flinfer.image.PreprocessorConfig;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Flinfer's image decoding beside the Java readers it could use instead and beside OpenCV's native
 * codecs (libjpeg-turbo, libpng, libwebp through JavaCPP), one thread, milliseconds an image. The
 * images are photo-like (gradient, hard-edged shapes, sensor-like noise), made here; JPEG (baseline
 * and progressive) and PNG are written by the JDK, WebP (lossy at quality 90, and lossless) by
 * libwebp. JPEGs are decoded at the reduction ViT-B/16's 224 x 224 resize allows, by Flinfer and by
 * OpenCV ({@code IMREAD_REDUCED_COLOR_N}); every other decoder reads the full image. The last
 * column is how far Flinfer's pixels lie from OpenCV's at the same size: a check that both decode
 * the same picture.
 *
 * <p>Run: {@code mvn -B -ntp -Pdecoder-compare -DskipTests package -pl tools/decoder-compare -am &&
 * java -jar tools/decoder-compare/target/decoder-compare.jar [seconds a point]}.
 */
public final class DecoderCompare {
    private static final int[][] SIZES = {{1920, 1080}, {640, 480}, {320, 240}};
    private static final int DISTINCT = 4;
    private static final List<String> FORMATS =
            List.of("JPEG", "JPEG progressive", "PNG", "WebP lossy", "WebP lossless");

    /** ViT-B/16's processor: 224 x 224, bilinear. */
    private static final String VIT_224 =
            "{\"do_resize\": true, \"size\": {\"height\": 224, \"width\": 224}, \"resample\": 2}";

    private interface Decode {
        void run(byte[] file) throws Exception;
    }

    private DecoderCompare() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        ImagePreprocessor vit =
                new ImagePreprocessor(
                        PreprocessorConfig.parse(new ObjectMapper().readTree(VIT_224), "ViT-B/16"));
        ImageDecoder flinfer = new ImageDecoder(ImageLimits.DEFAULT);
        ImageReaderSpi jdkJpeg = jdkSpi("jpeg");
        ImageReaderSpi jdkPng = jdkSpi("png");
        ImageReaderSpi twelveJpeg = registered(JPEGImageReaderSpi.class);
        ImageReaderSpi twelveWebp = registered(WebPImageReaderSpi.class);
        System.out.printf(
                "Milliseconds an image, one thread (best of two passes of %.1f s each)%n%n",
                seconds);
        System.out.println(
                "| file | KB | Flinfer (read at) | JDK ImageIO | TwelveMonkeys | OpenCV, same size"
                        + " | OpenCV, full size | mean abs. difference Flinfer - OpenCV |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int[] size : SIZES) {
            List<BufferedImage> photos = photos(size[0], size[1]);
            int reduction = vit.reduction(size[0], size[1]);
            for (String format : FORMATS) {
                List<byte[]> files = new ArrayList<>();
                for (BufferedImage photo : photos) {
                    files.add(encode(format, photo));
                }
                boolean jpeg = format.startsWith("JPEG");
                int readAt = jpeg ? reduction : 1;
                double flinferMs = time(files, seconds, f -> flinfer.decode(f, vit::reduction));
                Double jdkMs =
                        format.startsWith("WebP")
                                ? null
                                : time(files, seconds, read(jpeg ? jdkJpeg : jdkPng));
                Double twelveMs =
                        format.equals("PNG")
                                ? null
                                : time(files, seconds, read(jpeg ? twelveJpeg : twelveWebp));
                double openCvMs = time(files, seconds, f -> openCv(f, readAt).close());
                double openCvFullMs =
                        readAt == 1 ? openCvMs : time(files, seconds, f -> openCv(f, 1).close());
                double difference =
                        meanDifference(
                                flinfer.decode(files.get(0), vit::reduction), files.get(0), readAt);
                System.out.printf(
                        Locale.ROOT,
                        "| %dx%d %s | %.0f | %.2f (1/%d) | %s | %s | %.2f | %.2f | %.2f |%n",
                        size[0],
                        size[1],
                        format,
                        files.stream().mapToInt(b -> b.length).average().orElse(0) / 1024,
                        flinferMs,
                        readAt,
                        figure(jdkMs),
                        figure(twelveMs),
                        openCvMs,
                        openCvFullMs,
                        difference);
            }
        }
    }

    private static String figure(Double ms) {
        return ms == null ? "no reader" : String.format(Locale.ROOT, "%.2f", ms);
    }

    /** The JDK's own reader for {@code format}, not a plugin that registered for it too. */
    private static ImageReaderSpi jdkSpi(String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().startsWith("com.sun.imageio.")) {
                return reader.getOriginatingProvider();
            }
        }
        throw new IllegalStateException("the JDK has no " + format + " reader");
    }

    /** A plugin's reader as ImageIO registered it (TwelveMonkeys' JPEG reader needs the JDK's). */
    private static ImageReaderSpi registered(Class<? extends ImageReaderSpi> type) {
        ImageReaderSpi spi = IIORegistry.getDefaultInstance().getServiceProviderByClass(type);
        if (spi == null) {
            throw new IllegalStateException(type.getName() + " is not on the class path");
        }
        return spi;
    }

    private static Decode read(ImageReaderSpi spi) {
        return file -> {
            ImageReader reader = spi.createReaderInstance();
            try (ImageInputStream in =
                    ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
                reader.setInput(in);
                reader.read(0);
            } finally {
                reader.dispose();
            }
        };
    }

    /** OpenCV's decode of {@code file}, 3 channels (BGR), at 1/{@code reduction} (JPEG only). */
    private static Mat openCv(byte[] file, int reduction) {
        int flags =
                switch (reduction) {
                    case 1 -> opencv_imgcodecs.IMREAD_COLOR;
                    case 2 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
                    case 4 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
                    case 8 -> opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
                    default -> throw new IllegalArgumentException("reduction " + reduction);
                };
        try (BytePointer bytes = new BytePointer(file);
                Mat buffer = new Mat(1, file.length, opencv_core.CV_8UC1, bytes)) {
            Mat image = opencv_imgcodecs.imdecode(buffer, flags);
            if (image.empty()) {
                throw new IllegalStateException("OpenCV could not decode the file");
            }
            return image;
        }
    }

    /** Runs {@code decode} over {@code files} for a warm-up and two timed passes; ms an image. */
    private static double time(List<byte[]> files, double seconds, Decode decode) throws Exception {
        pass(files, Math.max(1, seconds / 2), decode);
        return Math.min(pass(files, seconds, decode), pass(files, seconds, decode));
    }

    private static double pass(List<byte[]> files, double seconds, Decode decode) throws Exception {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int done = 0;
        long now;
        do {
            decode.run(files.get(done % files.size()));
            done++;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1e6 / done;
    }

    private static double meanDifference(BufferedImage ours, byte[] file, int reduction) {
        try (Mat theirs = openCv(file, reduction)) {
            if (theirs.cols() != ours.getWidth() || theirs.rows() != ours.getHeight()) {
                throw new IllegalStateException(
                        "sizes differ: Flinfer "
                                + ours.getWidth()
                                + "x"
                                + ours.getHeight()
                                + ", OpenCV "
                                + theirs.cols()
                                + "x"
                                + theirs.rows());
            }
            byte[] bgr = new byte[theirs.cols() * theirs.rows() * 3];
            theirs.data().get(bgr);
            long sum = 0;
            for (int y = 0; y < ours.getHeight(); y++) {
                for (int x = 0; x < ours.getWidth(); x++) {
                    int rgb = ours.getRGB(x, y);
                    int at = (y * ours.getWidth() + x) * 3;
                    sum += Math.abs((rgb & 0xFF) - (bgr[at] & 0xFF));
                    sum += Math.abs((rgb >> 8 & 0xFF) - (bgr[at + 1] & 0xFF));
                    sum += Math.abs((rgb >> 16 & 0xFF) - (bgr[at + 2] & 0xFF));
                }
            }
            return sum / (double) bgr.length;
        }
    }

    private static byte[] encode(String format, BufferedImage photo) throws IOException {
        return switch (format) {
            case "JPEG" -> jdkJpeg(photo, false);
            case "JPEG progressive" -> jdkJpeg(photo, true);
            case "PNG" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(photo, "png", out);
                yield out.toByteArray();
            }
            case "WebP lossy" -> libwebp(photo, 90);
            case "WebP lossless" -> libwebp(photo, 101);
            default -> throw new IllegalArgumentException(format);
        };
    }

    /** The JDK's JPEG at quality 0.9, progressive with libjpeg's usual scans when asked. */
    private static byte[] jdkJpeg(BufferedImage photo, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(photo, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** libwebp's encoding of {@code photo}; quality above 100 is lossless, as OpenCV reads it. */
    private static byte[] libwebp(BufferedImage photo, int quality) {
        int width = photo.getWidth();
        int height = photo.getHeight();
        byte[] bgr = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = photo.getRGB(x, y);
                int at = (y * width + x) * 3;
                bgr[at] = (byte) rgb;
                bgr[at + 1] = (byte) (rgb >> 8);
                bgr[at + 2] = (byte) (rgb >> 16);
            }
        }
        try (Mat image = new Mat(height, width, opencv_core.CV_8UC3);
                BytePointer out = new BytePointer();
                IntPointer params =
                        new IntPointer(opencv_imgcodecs.IMWRITE_WEBP_QUALITY, quality)) {
            image.data().put(bgr);
            if (!opencv_imgcodecs.imencode(new BytePointer(".webp"), image, out, params)) {
                throw new IllegalStateException("libwebp could not encode");
            }
            byte[] file = new byte[(int) out.limit()];
            out.get(file);
            return file;
        }
    }

    /** {@link #DISTINCT} photo-like images: a gradient, sensor noise, ten hard-edged shapes. */
    private static List<BufferedImage> photos(int width, int height) {
        Random random = new Random(5);
        List<BufferedImage> photos = new ArrayList<>();
        for (int i = 0; i < DISTINCT; i++) {
            BufferedImage photo = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            float hue = random.nextFloat();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float light = 0.2f + 0.6f * (x + y) / (width + height);
                    int rgb = Color.HSBtoRGB(hue + 0.2f * y / height, 0.6f, light);
                    int noise = random.nextInt(13) - 6;
                    int r = clamp((rgb >> 16 & 0xFF) + noise);
                    int g = clamp((rgb >> 8 & 0xFF) + noise);
                    int b = clamp((rgb & 0xFF) + noise);
                    photo.setRGB(x, y, r << 16 | g << 8 | b);
                }
            }
            Graphics2D g = photo.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            for (int s = 0; s < 10; s++) {
                g.setColor(new Color(random.nextInt(0x1000000)));
                int w = width / 20 + random.nextInt(width / 4);
                int h = height / 20 + random.nextInt(height / 4);
                int x = random.nextInt(width - w);
                int y = random.nextInt(height - h);
                if (s % 2 == 0) {
                    g.fillOval(x, y, w, h);
                } else {
                    g.fillRect(x, y, w, h);
                }
            }
            g.dispose();
            photos.add(photo);
        }
        return photos;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
