package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EXIF orientation 1-8 makes images upright. The expected positions come from the EXIF definition
 * of each value (where row 0 and column 0 of the stored image are shown), written out here
 * independently of the decoder.
 */
class OrientationTest {
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final Color[] QUADRANTS = {Color.RED, Color.GREEN, Color.BLUE, Color.WHITE};

    /** Where stored pixel (x, y) of a w x h image is shown, per EXIF orientation. */
    private static int[] shownAt(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x}; // row 0 on the left, column 0 on top
            case 6 -> new int[] {h - 1 - y, x}; // row 0 on the right, column 0 on top
            case 7 ->
                    new int[] {h - 1 - y, w - 1 - x}; // row 0 on the right, column 0 at the bottom
            case 8 -> new int[] {y, w - 1 - x}; // row 0 on the left, column 0 at the bottom
            default -> new int[] {x, y};
        };
    }

    /** 64 x 32, quadrants red, green (top), blue, white (bottom). */
    private static BufferedImage quadrants() {
        BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int q = 0; q < 4; q++) {
            g.setColor(QUADRANTS[q]);
            g.fillRect(32 * (q % 2), 16 * (q / 2), 32, 16);
        }
        g.dispose();
        return image;
    }

    private static void assertUpright(BufferedImage decoded, int orientation, int tolerance) {
        boolean turned = orientation >= 5;
        assertThat(decoded.getWidth()).isEqualTo(turned ? 32 : 64);
        assertThat(decoded.getHeight()).isEqualTo(turned ? 64 : 32);
        for (int q = 0; q < 4; q++) {
            int[] at = shownAt(orientation, 32 * (q % 2) + 16, 16 * (q / 2) + 8, 64, 32);
            Color shown = new Color(decoded.getRGB(at[0], at[1]));
            assertThat(shown.getRed())
                    .as("orientation %d", orientation)
                    .isCloseTo(QUADRANTS[q].getRed(), within(tolerance));
            assertThat(shown.getGreen())
                    .as("orientation %d", orientation)
                    .isCloseTo(QUADRANTS[q].getGreen(), within(tolerance));
            assertThat(shown.getBlue())
                    .as("orientation %d", orientation)
                    .isCloseTo(QUADRANTS[q].getBlue(), within(tolerance));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void aJpegIsTurnedUprightForEachExifOrientationInBothByteOrders(int orientation)
            throws Exception {
        byte[] jpeg = TestImages.encode(quadrants(), "jpg");
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            byte[] tagged = HandMadeImages.withExif(jpeg, orientation, order, 2);
            assertUpright(DECODER.decode(tagged), orientation, 40);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void aTiffIsTurnedUprightForEachOrientationTag(int orientation) throws Exception {
        assertUpright(
                DECODER.decode(HandMadeImages.tiff(quadrants(), orientation)), orientation, 0);
    }

    @Test
    void exifAfterTheJfifSegmentIsFound() throws Exception {
        byte[] jpeg = TestImages.encode(quadrants(), "jpg");
        assertThat(jpeg[3] & 0xFF).isEqualTo(0xE0); // the writer starts with a JFIF APP0
        int afterApp0 = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        byte[] tagged = HandMadeImages.withExif(jpeg, 6, ByteOrder.BIG_ENDIAN, afterApp0);
        assertUpright(DECODER.decode(tagged), 6, 40);
    }

    @Test
    void aDamagedOrOutOfRangeOrientationLeavesTheImageAsStored() throws Exception {
        byte[] jpeg = TestImages.encode(quadrants(), "jpg");
        assertUpright(
                DECODER.decode(HandMadeImages.withExif(jpeg, 9, ByteOrder.BIG_ENDIAN, 2)), 1, 40);
        assertUpright(
                DECODER.decode(HandMadeImages.withExif(jpeg, 0, ByteOrder.BIG_ENDIAN, 2)), 1, 40);
        byte[] damaged = HandMadeImages.withExif(jpeg, 6, ByteOrder.BIG_ENDIAN, 2);
        damaged[4 + 2 + 6 + 7] = 0x7F; // the first IFD's offset now points far past the segment
        assertUpright(DECODER.decode(damaged), 1, 40);
    }
}
