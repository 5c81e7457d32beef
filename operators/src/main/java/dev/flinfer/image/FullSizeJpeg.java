package dev.flinfer.image;

/**
 * The two steps of a full-size JPEG decode that differ from a reduced one, done as the JDK's
 * libjpeg (IJG 6b) does them so that the pixels come out the same: the integer ("islow") 8 x 8
 * inverse DCT with its range limit, and "fancy" chroma upsampling (each output sample 3/4 the
 * nearer input sample and 1/4 the further one, both ways for 4:2:0).
 */
final class FullSizeJpeg {
    private static final int CONST_BITS = 13;
    private static final int PASS1_BITS = 2;
    private static final int FIX_0_298631336 = fixed(0.298631336);
    private static final int FIX_0_390180644 = fixed(0.390180644);
    private static final int FIX_0_541196100 = fixed(0.541196100);
    private static final int FIX_0_765366865 = fixed(0.765366865);
    private static final int FIX_0_899976223 = fixed(0.899976223);
    private static final int FIX_1_175875602 = fixed(1.175875602);
    private static final int FIX_1_501321110 = fixed(1.501321110);
    private static final int FIX_1_847759065 = fixed(1.847759065);
    private static final int FIX_1_961570560 = fixed(1.961570560);
    private static final int FIX_2_053119869 = fixed(2.053119869);
    private static final int FIX_2_562915447 = fixed(2.562915447);
    private static final int FIX_3_072711026 = fixed(3.072711026);

    /**
     * libjpeg's post-IDCT range limit, indexed by (value - 128) & 1023: values within 384 of the
     * range are clamped to it, values further out wrap, as libjpeg's table makes them.
     */
    private static final int[] RANGE_LIMIT = new int[1024];

    static {
        for (int t = 0; t < 1024; t++) {
            RANGE_LIMIT[t] = t < 128 ? t + 128 : t < 512 ? 255 : t < 896 ? 0 : t - 896;
        }
    }

    private FullSizeJpeg() {}

    private static int fixed(double value) {
        return (int) (value * (1 << CONST_BITS) + 0.5);
    }

    /**
     * The islow inverse DCT of {@code block} (64 dequantised coefficients, row-major; used as the
     * work area, so overwritten) into 8 x 8 samples of {@code plane} at {@code at}, rows {@code
     * stride} apart; {@code scratch} holds 8 values. The arithmetic is 64-bit, as libjpeg's on
     * 64-bit Linux, and the first pass's results are cut to 32 bits as its int workspace cuts them,
     * so that even the wild values of a damaged file come out as they come out there.
     */
    static void inverse(int[] block, byte[] plane, int at, int stride, long[] scratch) {
        int firstBits = CONST_BITS - PASS1_BITS;
        for (int col = 0; col < 8; col++) {
            butterfly(block, col, 8, scratch);
            for (int i = 0; i < 8; i++) {
                block[col + 8 * i] = (int) (scratch[i] + (1L << (firstBits - 1)) >> firstBits);
            }
        }
        int secondBits = CONST_BITS + PASS1_BITS + 3;
        for (int row = 0; row < 8; row++) {
            butterfly(block, row * 8, 1, scratch);
            int to = at + row * stride;
            for (int i = 0; i < 8; i++) {
                int value = (int) (scratch[i] + (1L << (secondBits - 1)) >> secondBits);
                plane[to + i] = (byte) RANGE_LIMIT[value & 1023];
            }
        }
    }

    /**
     * The 1-D transform of the 8 values of {@code in} from {@code from}, {@code step} apart, into
     * {@code out} before descaling: the even part a rotation by sqrt(2) cos(6 pi / 16), the odd
     * part the Loeffler-Ligtenberg-Moschytz butterfly, as in libjpeg's jidctint.c.
     */
    private static void butterfly(int[] in, int from, int step, long[] out) {
        long z2 = in[from + 2 * step];
        long z3 = in[from + 6 * step];
        long z1 = (z2 + z3) * FIX_0_541196100;
        long tmp2 = z1 - z3 * FIX_1_847759065;
        long tmp3 = z1 + z2 * FIX_0_765366865;
        z2 = in[from];
        z3 = in[from + 4 * step];
        long tmp0 = (z2 + z3) << CONST_BITS;
        long tmp1 = (z2 - z3) << CONST_BITS;
        long tmp10 = tmp0 + tmp3;
        long tmp13 = tmp0 - tmp3;
        long tmp11 = tmp1 + tmp2;
        long tmp12 = tmp1 - tmp2;

        tmp0 = in[from + 7 * step];
        tmp1 = in[from + 5 * step];
        tmp2 = in[from + 3 * step];
        tmp3 = in[from + step];
        z1 = tmp0 + tmp3;
        z2 = tmp1 + tmp2;
        z3 = tmp0 + tmp2;
        long z4 = tmp1 + tmp3;
        long z5 = (z3 + z4) * FIX_1_175875602;
        tmp0 *= FIX_0_298631336;
        tmp1 *= FIX_2_053119869;
        tmp2 *= FIX_3_072711026;
        tmp3 *= FIX_1_501321110;
        z1 *= -FIX_0_899976223;
        z2 *= -FIX_2_562915447;
        z3 = z3 * -FIX_1_961570560 + z5;
        z4 = z4 * -FIX_0_390180644 + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;

        out[0] = tmp10 + tmp3;
        out[1] = tmp11 + tmp2;
        out[2] = tmp12 + tmp1;
        out[3] = tmp13 + tmp0;
        out[4] = tmp13 - tmp0;
        out[5] = tmp12 - tmp1;
        out[6] = tmp11 - tmp2;
        out[7] = tmp10 - tmp3;
    }

    /**
     * Output row {@code y} of a chroma plane of {@code width} x {@code height} real samples ({@code
     * stride} apart) at luma's resolution, as libjpeg upsamples it: fancy (triangular) upsampling
     * across where a component has half luma's columns and more than two of them, and down where it
     * has half its rows; sample replication otherwise. Rows beyond the plane's first and last
     * repeat them. {@code sums} holds {@code width} values, {@code out} at least twice as many.
     */
    static void upsampleRow(
            byte[] plane,
            int stride,
            int width,
            int height,
            int hRatio,
            int vRatio,
            int y,
            int[] sums,
            int[] out) {
        int near = (y / vRatio) * stride;
        int far = near;
        if (vRatio == 2) {
            int row = y >> 1;
            far = Math.max(0, Math.min(height - 1, (y & 1) == 0 ? row - 1 : row + 1)) * stride;
        }
        boolean fancyAcross = hRatio == 2 && width > 2;
        if (vRatio == 2 && (fancyAcross || hRatio == 1)) {
            // the nearer row 3/4, the further 1/4
            for (int x = 0; x < width; x++) {
                sums[x] = (plane[near + x] & 0xFF) * 3 + (plane[far + x] & 0xFF);
            }
            if (fancyAcross) {
                acrossBothWays(sums, width, out);
            } else {
                int bias = (y & 1) == 0 ? 1 : 2; // the upper row of a pair rounds down
                for (int x = 0; x < width; x++) {
                    out[x] = (sums[x] + bias) >> 2;
                }
            }
        } else if (fancyAcross && vRatio == 1) {
            across(plane, near, width, out);
        } else {
            for (int x = 0; x < width * hRatio; x++) {
                out[x] = plane[near + x / hRatio] & 0xFF;
            }
        }
    }

    /** h2v1: each sample 3/4 itself and 1/4 its neighbour, rounding as libjpeg rounds. */
    private static void across(byte[] in, int from, int width, int[] out) {
        int value = in[from] & 0xFF;
        out[0] = value;
        out[1] = (value * 3 + (in[from + 1] & 0xFF) + 2) >> 2;
        for (int x = 1; x < width - 1; x++) {
            value = (in[from + x] & 0xFF) * 3;
            out[2 * x] = (value + (in[from + x - 1] & 0xFF) + 1) >> 2;
            out[2 * x + 1] = (value + (in[from + x + 1] & 0xFF) + 2) >> 2;
        }
        value = in[from + width - 1] & 0xFF;
        out[2 * width - 2] = (value * 3 + (in[from + width - 2] & 0xFF) + 1) >> 2;
        out[2 * width - 1] = value;
    }

    /** h2v2: column sums (3 x nearer row + further row) mixed across, libjpeg's rounding. */
    private static void acrossBothWays(int[] sums, int width, int[] out) {
        out[0] = (sums[0] * 4 + 8) >> 4;
        out[1] = (sums[0] * 3 + sums[1] + 7) >> 4;
        for (int x = 1; x < width - 1; x++) {
            out[2 * x] = (sums[x] * 3 + sums[x - 1] + 8) >> 4;
            out[2 * x + 1] = (sums[x] * 3 + sums[x + 1] + 7) >> 4;
        }
        int last = width - 1;
        out[2 * last] = (sums[last] * 3 + sums[last - 1] + 8) >> 4;
        out[2 * last + 1] = (sums[last] * 4 + 7) >> 4;
    }
}
