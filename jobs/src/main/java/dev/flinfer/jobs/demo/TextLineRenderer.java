package dev.flinfer.jobs.demo;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws lines of text with Java2D, upright or turned by 180 degrees, as PNG or JPEG bytes: what the
 * text-orientation model was trained to tell apart.
 *
 * <pre>{@code
 * byte[] png = TextLineRenderer.render("Flink runs models", true, "png", 7);
 * }</pre>
 */
public final class TextLineRenderer {
    private static final String[] WORDS = {
        "stream", "batch", "model", "event", "record", "kafka", "flink", "window", "state",
                "vector",
        "label", "image", "order", "checkpoint", "latency", "the", "and", "with", "for", "every",
        "result", "quickly", "always", "never", "twice", "market", "river", "garden", "yellow",
                "number"
    };
    private static final String[] FONTS = {Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED};

    private TextLineRenderer() {}

    /**
     * A random line of 2 or 3 words (the model sees lines up to 4:1 wide), reproducible from {@code
     * seed}.
     */
    public static String randomLine(long seed) {
        Random random = new Random(seed);
        StringBuilder line = new StringBuilder();
        int words = 2 + random.nextInt(2);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                line.append(' ');
            }
            line.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return line.toString();
    }

    /** {@code text} drawn dark on light, turned by 180 degrees when {@code upsideDown}, encoded. */
    public static byte[] render(String text, boolean upsideDown, String format, long seed) {
        Random random = new Random(seed);
        Font font =
                new Font(FONTS[random.nextInt(FONTS.length)], Font.PLAIN, 26 + random.nextInt(8));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D probeGraphics = probe.createGraphics();
        FontMetrics metrics = probeGraphics.getFontMetrics(font);
        probeGraphics.dispose();
        int width = metrics.stringWidth(text) + 24;
        int height = metrics.getHeight() + 16;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int shade = 225 + random.nextInt(31);
        g.setColor(new Color(shade, shade, shade));
        g.fillRect(0, 0, width, height);
        if (upsideDown) {
            g.rotate(Math.PI, width / 2.0, height / 2.0);
        }
        int ink = random.nextInt(60);
        g.setColor(new Color(ink, ink, ink));
        g.setFont(font);
        g.drawString(text, 12, 8 + metrics.getAscent());
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("No ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
