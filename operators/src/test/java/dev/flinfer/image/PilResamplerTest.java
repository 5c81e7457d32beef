package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * Resizing matches Pillow, which Hugging Face image processors use. The expected values were
 * computed outside this project with Pillow 9.4.0 ({@code Image.resize(size, resample,
 * reducing_gap=None)}) on the same synthetic image; Pillow rounds in fixed point, so single channel
 * values may differ by 1.
 */
class PilResamplerTest {

    /** Pixel (x, y) = ((7x + 3y) mod 256, (x^2 + 5y) mod 256, (xy + 11) mod 256). */
    private static BufferedImage pattern(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(
                        x,
                        y,
                        ((x * 7 + y * 3) % 256) << 16
                                | ((x * x + y * 5) % 256) << 8
                                | ((x * y + 11) % 256));
            }
        }
        return image;
    }

    private static void assertLikePillow(
            int inW,
            int inH,
            int outW,
            int outH,
            PreprocessorConfig.Resample filter,
            long pillowSum,
            int[][] samples) {
        int[] resized = PilResampler.resize(pattern(inW, inH), outW, outH, filter);
        long sum = 0;
        for (int rgb : resized) {
            sum += ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
        }
        assertThat(sum)
                .isBetween(
                        pillowSum - resized.length / 50 - 1, pillowSum + resized.length / 50 + 1);
        for (int[] sample : samples) {
            int mine = resized[sample[1] * outW + sample[0]];
            for (int shift = 16; shift >= 0; shift -= 8) {
                assertThat((mine >> shift) & 0xFF)
                        .as("(%d,%d) >> %d", sample[0], sample[1], shift)
                        .isCloseTo(
                                (sample[2] >> shift) & 0xFF,
                                org.assertj.core.api.Assertions.within(1));
            }
        }
    }

    @Test
    void bilinearDownscaleMatchesPillow() {
        assertLikePillow(
                37,
                23,
                16,
                16,
                PreprocessorConfig.Resample.BILINEAR,
                88764,
                new int[][] {
                    {0, 0, 0x07030B},
                    {15, 0, 0xF77A17},
                    {0, 15, 0x476D1E},
                    {15, 15, 0x377680},
                    {8, 8, 0xA9ACD0},
                    {5, 10, 0x82C6BD},
                    {10, 4, 0xB85899},
                    {1, 8, 0x38452E}
                });
    }

    @Test
    void bicubicUpscaleMatchesPillow() {
        assertLikePillow(
                37,
                23,
                50,
                41,
                PreprocessorConfig.Resample.BICUBIC,
                709782,
                new int[][] {
                    {0, 0, 0x00000B},
                    {49, 0, 0xFC0608},
                    {0, 40, 0x426E0A},
                    {49, 40, 0x3E8212},
                    {25, 20, 0xA288D5},
                    {16, 27, 0x7FD4BA},
                    {33, 10, 0xBA698E},
                    {1, 20, 0x253711}
                });
    }

    @Test
    void strongDownscalesAverageTheFootprintLikePillow() {
        assertLikePillow(
                300,
                200,
                24,
                24,
                PreprocessorConfig.Resample.BILINEAR,
                219646,
                new int[][] {
                    {0, 0, 0x3E502A},
                    {23, 0, 0x667C71},
                    {0, 23, 0x79977B},
                    {23, 23, 0x477A80},
                    {12, 12, 0x797E7F},
                    {8, 16, 0x7F7F80},
                    {16, 6, 0x4B807D},
                    {1, 12, 0xB27F7E}
                });
        assertLikePillow(
                300,
                200,
                24,
                24,
                PreprocessorConfig.Resample.BICUBIC,
                219629,
                new int[][] {
                    {0, 0, 0x364A22},
                    {23, 0, 0x667B71},
                    {0, 23, 0x76967A},
                    {23, 23, 0x417880},
                    {12, 12, 0x777F7F},
                    {8, 16, 0x7F7C7F},
                    {16, 6, 0x3D827D},
                    {1, 12, 0xBD837E}
                });
    }

    @Test
    void nearestPicksThePixelsPillowPicks() {
        assertLikePillow(
                64,
                48,
                20,
                10,
                PreprocessorConfig.Resample.NEAREST,
                75696,
                new int[][] {
                    {0, 0, 0x0D0B0D},
                    {19, 0, 0xB80E87},
                    {0, 9, 0x8EE238},
                    {19, 9, 0x39E5F1},
                    {10, 5, 0x35C365},
                    {6, 6, 0xE92B77},
                    {13, 2, 0x51750F},
                    {1, 5, 0x6A9273}
                });
    }
}
