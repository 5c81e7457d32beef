package dev.flinfer.models.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * A fixed set of 224 x 224 RGB images drawn with Java2D (no anti-aliasing and no text, so every JVM
 * draws the same pixels): what the demo sends and what the tests check the image-safety model on.
 * What the model makes of each is recorded in the tests, from nsfwjs itself.
 *
 * <pre>{@code
 * byte[] png = SampleImages.png("neutral-landscape");
 * }</pre>
 */
public final class SampleImages {
    public static final int SIZE = 224;

    private SampleImages() {}

    /** All images by name, in a fixed order. */
    public static Map<String, BufferedImage> all() {
        Map<String, BufferedImage> images = new LinkedHashMap<>();
        images.put("skin-gradient", draw(SampleImages::skinGradient));
        images.put("skin-shapes", draw(SampleImages::skinShapes));
        images.put("shaded-skin-shapes", draw(SampleImages::shadedSkinShapes));
        images.put("line-drawing", draw(SampleImages::lineDrawing));
        images.put("cartoon", draw(SampleImages::cartoon));
        images.put("neutral-landscape", draw(SampleImages::landscape));
        images.put("neutral-room", draw(SampleImages::room));
        images.put("noise", noise(7));
        images.put("grey", draw(g -> fill(g, new Color(128, 128, 128), 0, 0, SIZE, SIZE)));
        return images;
    }

    /** The image {@code name} of {@link #all()} as PNG bytes. */
    public static byte[] png(String name) {
        BufferedImage image = all().get(name);
        if (image == null) {
            throw new IllegalArgumentException("No sample image " + name + ": " + all().keySet());
        }
        return png(image);
    }

    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage draw(Consumer<Graphics2D> painter) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        painter.accept(g);
        g.dispose();
        return image;
    }

    /** Skin tones from light (top) to dark (bottom), a little warmer to the right. */
    private static void skinGradient(Graphics2D g) {
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double t = y / (double) (SIZE - 1);
                int r = (int) (241 - 100 * t + 10 * x / (double) SIZE);
                int gr = (int) (194 - 90 * t);
                int b = (int) (167 - 85 * t);
                g.setColor(new Color(Math.min(r, 255), gr, b));
                g.fillRect(x, y, 1, 1);
            }
        }
    }

    /** Large skin-toned ovals on a dark red background. */
    private static void skinShapes(Graphics2D g) {
        fill(g, new Color(70, 20, 25), 0, 0, SIZE, SIZE);
        g.setColor(new Color(224, 172, 140));
        g.fillOval(40, 10, 144, 210);
        g.setColor(new Color(205, 150, 120));
        g.fillOval(20, 90, 90, 110);
        g.fillOval(114, 90, 90, 110);
        g.setColor(new Color(180, 110, 95));
        g.fillOval(55, 135, 14, 14);
        g.fillOval(155, 135, 14, 14);
    }

    /**
     * Smoothly shaded skin-toned ovals on white, lit from the middle: nsfwjs reads these as a
     * drawing of a body ({@code Hentai}), which makes them the demo's stand-in for a post to block.
     */
    private static void shadedSkinShapes(Graphics2D g) {
        fill(g, Color.WHITE, 0, 0, SIZE, SIZE);
        Color skin = new Color(214, 176, 160);
        shadedOval(g, skin, 40, 30, 190);
        shadedOval(g, skin, 140, 120, 58);
        shadedOval(g, skin, 45, 180, 50);
    }

    private static void shadedOval(Graphics2D g, Color skin, float cx, float cy, float radius) {
        g.setPaint(
                new RadialGradientPaint(
                        cx,
                        cy,
                        radius,
                        new float[] {0f, 1f},
                        new Color[] {skin.brighter(), skin.darker()}));
        g.fill(new Ellipse2D.Float(cx - radius, cy - radius * 1.3f, radius * 2, radius * 2.6f));
    }

    /** Black strokes on white: a stick figure, a house and a sun, like a pencil sketch. */
    private static void lineDrawing(Graphics2D g) {
        fill(g, Color.WHITE, 0, 0, SIZE, SIZE);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3));
        g.drawOval(40, 30, 40, 40);
        g.drawLine(60, 70, 60, 140);
        g.drawLine(60, 90, 30, 115);
        g.drawLine(60, 90, 90, 115);
        g.drawLine(60, 140, 35, 190);
        g.drawLine(60, 140, 85, 190);
        g.drawRect(120, 110, 80, 80);
        g.drawLine(120, 110, 160, 70);
        g.drawLine(160, 70, 200, 110);
        g.drawRect(150, 150, 20, 40);
        g.drawOval(170, 15, 35, 35);
        for (int i = 0; i < 8; i++) {
            double a = i * Math.PI / 4;
            g.drawLine(
                    (int) (187 + 22 * Math.cos(a)),
                    (int) (32 + 22 * Math.sin(a)),
                    (int) (187 + 32 * Math.cos(a)),
                    (int) (32 + 32 * Math.sin(a)));
        }
    }

    /** Flat bright colours with thick black outlines: a cartoon face. */
    private static void cartoon(Graphics2D g) {
        fill(g, new Color(120, 200, 255), 0, 0, SIZE, SIZE);
        g.setStroke(new BasicStroke(6));
        g.setColor(new Color(255, 220, 60));
        g.fillOval(32, 32, 160, 160);
        g.setColor(Color.BLACK);
        g.drawOval(32, 32, 160, 160);
        g.setColor(Color.WHITE);
        g.fillOval(70, 70, 34, 44);
        g.fillOval(122, 70, 34, 44);
        g.setColor(Color.BLACK);
        g.fillOval(82, 86, 14, 18);
        g.fillOval(134, 86, 14, 18);
        g.drawArc(72, 110, 80, 50, 200, 140);
        g.setColor(new Color(255, 90, 90));
        g.fillOval(52, 120, 24, 14);
        g.fillOval(148, 120, 24, 14);
    }

    /** Sky, sun, hills, a tree and a road. */
    private static void landscape(Graphics2D g) {
        fill(g, new Color(110, 170, 230), 0, 0, SIZE, 120);
        fill(g, new Color(70, 140, 60), 0, 120, SIZE, 104);
        g.setColor(new Color(250, 240, 150));
        g.fillOval(160, 20, 40, 40);
        g.setColor(new Color(50, 110, 45));
        g.fillOval(-40, 90, 180, 80);
        g.fillOval(100, 100, 200, 70);
        g.setColor(new Color(100, 70, 40));
        g.fillRect(40, 110, 12, 50);
        g.setColor(new Color(30, 90, 30));
        g.fillOval(20, 70, 52, 52);
        g.setColor(new Color(90, 90, 95));
        g.fillPolygon(new int[] {95, 130, 190, 60}, new int[] {130, 130, 224, 224}, 4);
    }

    /** A room: walls, floor, a window, a table and a shelf of books. */
    private static void room(Graphics2D g) {
        fill(g, new Color(200, 195, 180), 0, 0, SIZE, 150);
        fill(g, new Color(140, 100, 65), 0, 150, SIZE, 74);
        fill(g, new Color(170, 210, 240), 20, 30, 70, 60);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(4));
        g.drawRect(20, 30, 70, 60);
        g.drawLine(55, 30, 55, 90);
        fill(g, new Color(90, 60, 40), 110, 120, 90, 10);
        fill(g, new Color(90, 60, 40), 115, 130, 8, 50);
        fill(g, new Color(90, 60, 40), 187, 130, 8, 50);
        Color[] books = {
            Color.RED, Color.BLUE, new Color(30, 120, 40), Color.ORANGE, Color.DARK_GRAY
        };
        for (int i = 0; i < 10; i++) {
            fill(g, books[i % books.length], 115 + i * 8, 40 + (i % 3) * 4, 7, 36 - (i % 3) * 4);
        }
        fill(g, new Color(110, 80, 50), 110, 76, 95, 5);
    }

    private static BufferedImage noise(long seed) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    private static void fill(Graphics2D g, Color color, int x, int y, int w, int h) {
        g.setColor(color);
        g.fillRect(x, y, w, h);
    }
}
