package dev.flinfer.jobs.bench;

import dev.flinfer.models.vit.VitConfig;
import dev.flinfer.models.vit.VitGenerator;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Generated ViT bundles and camera-sized JPEG photos of drawn shapes for the image workloads. */
final class BenchImages {
    private BenchImages() {}

    /** Writes a ViT bundle with {@code config} under {@code root} and returns its directory. */
    static Path vit(Path root, String name, VitConfig config) throws IOException {
        Path dir = root.resolve(name);
        if (!Files.exists(dir.resolve("model.onnx"))) {
            VitGenerator.generate(config, dir, false);
        }
        return dir;
    }

    /** {@code count} JPEGs of {@code width} x {@code height}, {@code distinct} different ones. */
    static List<byte[]> jpegs(int count, int distinct, int width, int height) {
        Random random = new Random(11);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < Math.min(count, distinct); i++) {
            images.add(jpeg(random, width, height));
        }
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(images.get(i % images.size()));
        }
        return values;
    }

    /**
     * {@code distinct} photo-like JPEGs of {@code width} x {@code height} (quality 0.9): a smooth
     * two-way gradient, a dozen drawn shapes with hard edges, and sensor-like noise, so that the
     * files carry about the entropy a camera's do (the flat shapes of {@link #jpegs} compress to a
     * fraction of it).
     */
    static List<byte[]> photos(int distinct, int width, int height) {
        return photos(distinct, width, height, false);
    }

    /** {@link #photos(int, int, int)}, progressive (libjpeg's usual scans) when asked. */
    static List<byte[]> photos(int distinct, int width, int height, boolean progressive) {
        Random random = new Random(23);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] from = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
            int[] to = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
            int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double t = (x / (double) width + y / (double) height) / 2;
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        int v = (int) (from[c] + (to[c] - from[c]) * t) + random.nextInt(17) - 8;
                        rgb = rgb << 8 | Math.max(0, Math.min(255, v));
                    }
                    pixels[y * width + x] = rgb;
                }
            }
            Graphics2D g = image.createGraphics();
            for (int s = 0; s < 12; s++) {
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                int w = 10 + random.nextInt(width / 3);
                int h = 10 + random.nextInt(height / 3);
                g.fillOval(random.nextInt(width), random.nextInt(height), w, h);
            }
            g.dispose();
            images.add(encode(image, 0.9f, progressive));
        }
        return images;
    }

    private static byte[] encode(BufferedImage image, float quality, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
            stream.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static byte[] jpeg(Random random, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        for (int s = 0; s < 12; s++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            int w = 20 + random.nextInt(width / 2);
            int h = 20 + random.nextInt(height / 2);
            if (random.nextBoolean()) {
                g.fillOval(random.nextInt(width), random.nextInt(height), w, h);
            } else {
                g.fillRect(random.nextInt(width), random.nextInt(height), w, h);
            }
        }
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
