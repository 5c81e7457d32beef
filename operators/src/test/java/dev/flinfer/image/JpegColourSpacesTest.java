package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * Four-component JPEGs, as print workflows and Photoshop write them, come out as RGB. The files are
 * made here: four raw components from the JPEG writer, and an Adobe APP14 segment written by hand
 * to say how to read them. Adobe files store CMYK inverted (255 = no ink).
 */
class JpegColourSpacesTest {
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    private static void assertRed(BufferedImage image) {
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(image.getWidth()).isEqualTo(16);
        assertThat(image.getHeight()).isEqualTo(8);
        Color pixel = new Color(image.getRGB(8, 4));
        assertThat(pixel.getRed()).isCloseTo(237, within(20));
        assertThat(pixel.getGreen()).isLessThan(60);
        assertThat(pixel.getBlue()).isLessThan(60);
    }

    @Test
    void anAdobeCmykJpegDecodesToItsColour() throws Exception {
        // cyan 0, magenta 100%, yellow 100%, black 0: red; stored inverted
        assertRed(decoder.decode(HandMadeImages.adobeJpeg(0, 255, 0, 0, 255)));
    }

    @Test
    void anAdobeYcckJpegDecodesToItsColour() throws Exception {
        // the same ink: Y, Cb, Cr of (C, M, Y) = (0, 255, 255), then black stored inverted
        assertRed(decoder.decode(HandMadeImages.adobeJpeg(2, 179, 171, 0, 255)));
    }
}
