package dev.flinfer.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Decodes a baseline JPEG straight to 1/2, 1/4 or 1/8 of its size in the DCT domain, as libjpeg's
 * scaled decoding does: each 8 x 8 block's lowest N x N coefficients go through an N-point inverse
 * DCT, so the block's N x N samples are its reconstruction low-passed and sampled at the centres of
 * N x N equal parts (1/8 is the block's mean). The entropy decoding is all still done; the inverse
 * DCT, colour conversion and everything after them work on 1/4 to 1/64 of the pixels.
 *
 * <p>Only what it is sure of: 8-bit baseline, extended sequential or progressive Huffman JPEGs, one
 * (grey) or three (JFIF YCbCr) components, sampling factors 1 or 2, restart intervals. A
 * progressive file's scans are gathered into every block's 64 coefficients first (as libjpeg keeps
 * them), the progression checked as libjpeg checks it; a sequential file's blocks go straight to
 * the inverse DCT. Anything else (arithmetic coding, lossless or hierarchical, 12-bit, CMYK, an
 * Adobe marker, RGB component ids, a sequential file in more than one scan, an ICC profile in
 * missing or repeated chunks) and any damage returns null: the caller then takes the full decoder,
 * which applies the same rules (limits, damage) to every image. An embedded ICC profile is handed
 * to the caller ({@link #iccProfile()}), which converts the small image as the full decoder
 * converts the large one.
 */
final class ScaledJpegDecoder {
    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
        20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
    };

    private static final class Component {
        int id;
        int h;
        int v;
        int quant;
        int dcTable;
        int acTable;
        int predictor;
        int planeWidth;
        byte[] plane; // samples 0-255, as libjpeg range-limits them after the inverse DCT

        // progressive only: the blocks of whole MCUs, each with the N x N coefficients kept
        int blocksWide;
        int blocksHigh;
        short[] coefficients;
        // per block, bit k set while coefficient k (zig-zag) is nonzero, kept or not
        long[] nonzero;
        // per zig-zag position, the lowest bit sent so far (-1: none), as libjpeg's coef_bits
        final int[] bitsSent = new int[64];

        Component() {
            Arrays.fill(bitsSent, -1);
        }
    }

    private static final class Huffman {
        final int[] lookup = new int[1 << 9]; // (length << 8) | value, 0 when longer than 9 bits

        /**
         * For an AC table, a code and its extra bits together within the next 9 bits: (coefficient
         * << 16) | (run << 8) | bits used; 0 otherwise (then {@link #lookup} and the extra bits).
         */
        final int[] fastAc = new int[1 << 9];

        final int[] maxCode = new int[18];
        final int[] valPtr = new int[17];
        final int[] minCode = new int[17];
        final int[] values;

        Huffman(int[] counts, int[] values) {
            this.values = values;
            int code = 0;
            int k = 0;
            for (int length = 1; length <= 16; length++) {
                valPtr[length] = k;
                minCode[length] = code;
                code += counts[length];
                k += counts[length];
                maxCode[length] = counts[length] == 0 ? -1 : code - 1;
                if (code > (1 << length)) {
                    throw new IllegalArgumentException("an over-full Huffman table");
                }
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
            for (int length = 1, index = 0; length <= 9; length++) {
                for (int i = 0; i < counts[length]; i++, index++) {
                    int first = (minCode[length] + i) << (9 - length);
                    for (int j = 0; j < 1 << (9 - length); j++) {
                        lookup[first + j] = (length << 8) | values[index];
                    }
                }
            }
            for (int peek = 0; peek < 1 << 9; peek++) {
                int entry = lookup[peek];
                int length = entry >> 8;
                int run = (entry >> 4) & 15;
                int size = entry & 15;
                if (entry != 0 && size > 0 && length + size <= 9) {
                    int extra = (peek >> (9 - length - size)) & ((1 << size) - 1);
                    fastAc[peek] = (extend(extra, size) << 16) | (run << 8) | (length + size);
                }
            }
        }
    }

    /** Per N: the index in the N x N corner of each zig-zag position, -1 outside it. */
    private static final int[][] CORNER = new int[9][];

    /** libjpeg's YCbCr to RGB in 16-bit fixed point, per chroma value. */
    private static final int[] CR_R = new int[256];

    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int n : new int[] {1, 2, 4, 8}) {
            CORNER[n] = new int[64];
            for (int k = 0; k < 64; k++) {
                int row = ZIGZAG[k] >> 3;
                int col = ZIGZAG[k] & 7;
                CORNER[n][k] = row < n && col < n ? row * n + col : -1;
            }
        }
        int half = 1 << 15;
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fixed(1.40200) * x + half) >> 16;
            CB_B[i] = (fixed(1.77200) * x + half) >> 16;
            CR_G[i] = -fixed(0.71414) * x;
            CB_G[i] = -fixed(0.34414) * x + half;
        }
    }

    private static int fixed(double value) {
        return (int) (value * (1 << 16) + 0.5);
    }

    private final byte[] data;
    private int pos;
    private final int[] quant = new int[4 * 64];
    private final boolean[] quantSet = new boolean[4];
    private final Huffman[] dc = new Huffman[4];
    private final Huffman[] ac = new Huffman[4];
    private int restartInterval;
    private Component[] components;
    private boolean progressive;
    private Component[] scanComponents;
    private int spectralStart;
    private int spectralEnd;
    private int approximationHigh;
    private int approximationLow;
    private int endOfBandRun;
    private int[] slots; // progressive: per zig-zag position, its place among those kept, or -1
    private int kept; // progressive: coefficients kept a block (N x N)
    private int width;
    private int height;
    private long bitBuffer;
    private int bitCount;
    private boolean hitMarker;
    private int fakeBits; // zero bits fed past the data's end, at the buffer's tail
    private byte[][] iccChunks;
    private byte[] iccProfile;

    private ScaledJpegDecoder(byte[] data) {
        this.data = data;
    }

    /**
     * A decoder of {@code jpeg} with its markers read up to the first scan, or null when it is not
     * a JPEG this decoder reads; {@link #width()} and {@link #height()} are the frame's (the caller
     * checks them against the limits before {@link #decode(int)}).
     */
    static ScaledJpegDecoder read(byte[] jpeg) {
        try {
            ScaledJpegDecoder decoder = new ScaledJpegDecoder(jpeg);
            return decoder.readHeaders() ? decoder : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@link #read} and then {@link #decode(int)}: null when either gives nothing. */
    static BufferedImage decode(byte[] jpeg, int denominator) {
        ScaledJpegDecoder decoder = read(jpeg);
        return decoder == null ? null : decoder.decode(denominator);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Whether the file is progressive (the JDK's decoder then redoes its output every scan). */
    boolean progressive() {
        return progressive;
    }

    /**
     * The scan decoded at 1/{@code denominator} of the frame's size (1, 2, 4 or 8) as a {@code
     * TYPE_INT_RGB} image of ceil(width / denominator) x ceil(height / denominator), not yet turned
     * upright; null when the data is damaged. At 1 the pixels are the JDK's libjpeg's ({@link
     * FullSizeJpeg}). Once per decoder.
     */
    BufferedImage decode(int denominator) {
        if (denominator != 1 && denominator != 2 && denominator != 4 && denominator != 8) {
            throw new IllegalArgumentException("denominator must be 1, 2, 4 or 8: " + denominator);
        }
        try {
            return progressive ? progressive(8 / denominator) : scan(8 / denominator);
        } catch (RuntimeException e) {
            // damaged: the full decoder decides what it is
            return null;
        }
    }

    /** Reads the markers up to the first scan; false when the image is not one this reads. */
    private boolean readHeaders() {
        if (u8() != 0xFF || u8() != 0xD8) {
            return false;
        }
        while (true) {
            int marker = nextMarker();
            int length = u16();
            int end = pos + length - 2;
            if (length < 2 || end > data.length) {
                return false;
            }
            switch (marker) {
                case 0xC0, 0xC1, 0xC2 -> {
                    progressive = marker == 0xC2;
                    if (!frame()) {
                        return false;
                    }
                }
                case 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> {
                    return false; // lossless, arithmetic or hierarchical
                }
                case 0xC4 -> huffmanTables(end);
                case 0xDB -> quantTables(end);
                case 0xDD -> restartInterval = u16();
                case 0xEE -> {
                    return false; // Adobe: its colour transform is the full decoder's business
                }
                case 0xE2 -> {
                    if (startsWith("ICC_PROFILE\0") && !iccChunk(end)) {
                        return false;
                    }
                }
                case 0xDA -> {
                    return components != null && scanHeader(end) && iccComplete();
                }
                case 0xD9 -> {
                    return false;
                }
                default -> {}
            }
            pos = end;
        }
    }

    /**
     * One APP2 chunk of an ICC profile: "ICC_PROFILE\0", its number (from 1), the count, then its
     * part of the profile. False when the chunks disagree (the full decoder judges the file).
     */
    private boolean iccChunk(int end) {
        int at = pos + 12;
        if (at + 2 > end) {
            return false;
        }
        int number = data[at] & 0xFF;
        int count = data[at + 1] & 0xFF;
        if (count == 0 || number == 0 || number > count) {
            return false;
        }
        if (iccChunks == null) {
            iccChunks = new byte[count][];
        }
        if (iccChunks.length != count || iccChunks[number - 1] != null) {
            return false;
        }
        iccChunks[number - 1] = Arrays.copyOfRange(data, at + 2, end);
        return true;
    }

    /** All the profile's chunks arrived (or there is none), and it is assembled. */
    private boolean iccComplete() {
        if (iccChunks == null) {
            return true;
        }
        if (components.length != 3) {
            return false; // a grey image's profile: the full decoder's business
        }
        ByteArrayOutputStream profile = new ByteArrayOutputStream();
        for (byte[] chunk : iccChunks) {
            if (chunk == null) {
                return false;
            }
            profile.writeBytes(chunk);
        }
        iccProfile = profile.toByteArray();
        return iccProfile.length > 0;
    }

    /** The ICC profile the file embeds, or null: the decoded image is in its colour space. */
    byte[] iccProfile() {
        return iccProfile;
    }

    private int nextMarker() {
        if (u8() != 0xFF) {
            throw new IllegalArgumentException("no marker");
        }
        int marker = u8();
        while (marker == 0xFF) {
            marker = u8();
        }
        return marker;
    }

    private boolean frame() {
        if (u8() != 8) {
            return false;
        }
        height = u16();
        width = u16();
        int count = u8();
        if (width == 0 || height == 0 || (count != 1 && count != 3) || components != null) {
            return false;
        }
        components = new Component[count];
        for (int i = 0; i < count; i++) {
            Component c = new Component();
            c.id = u8();
            int sampling = u8();
            c.h = sampling >> 4;
            c.v = sampling & 15;
            c.quant = u8();
            if (c.h < 1 || c.h > 2 || c.v < 1 || c.v > 2 || c.quant > 3) {
                return false;
            }
            components[i] = c;
        }
        if (count == 1) {
            // a lone component's scan is not interleaved: a block an MCU, whatever its factors
            components[0].h = 1;
            components[0].v = 1;
        }
        if (count == 3) {
            boolean rgbIds =
                    components[0].id == 'R' && components[1].id == 'G' && components[2].id == 'B';
            // chroma sampled more finely than luma is legal but rare: left to the full decoder
            if (rgbIds
                    || components[1].h > components[0].h
                    || components[2].h > components[0].h
                    || components[1].v > components[0].v
                    || components[2].v > components[0].v) {
                return false;
            }
        }
        return true;
    }

    private void huffmanTables(int end) {
        while (pos < end) {
            int info = u8();
            int tableClass = info >> 4;
            int index = info & 15;
            if (tableClass > 1 || index > 3) {
                throw new IllegalArgumentException("bad Huffman table id");
            }
            int[] counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) {
                counts[i] = u8();
                total += counts[i];
            }
            if (total > 256) {
                throw new IllegalArgumentException("too many Huffman codes");
            }
            int[] values = new int[total];
            for (int i = 0; i < total; i++) {
                values[i] = u8();
            }
            (tableClass == 0 ? dc : ac)[index] = new Huffman(counts, values);
        }
    }

    private void quantTables(int end) {
        while (pos < end) {
            int info = u8();
            int precision = info >> 4;
            int index = info & 15;
            if (index > 3 || precision > 1) {
                throw new IllegalArgumentException("bad quantisation table");
            }
            for (int i = 0; i < 64; i++) {
                quant[index * 64 + ZIGZAG[i]] = precision == 0 ? u8() : u16();
            }
            quantSet[index] = true;
        }
    }

    /**
     * A scan's header: its components (in the frame's order), tables, spectral band and successive
     * approximation. A sequential file must send all its components in one scan of the whole band.
     */
    private boolean scanHeader(int end) {
        int count = u8();
        if (count < 1 || count > components.length || end != pos + 2 * count + 3) {
            return false;
        }
        scanComponents = new Component[count];
        int next = 0;
        for (int i = 0; i < count; i++) {
            int id = u8();
            int tables = u8();
            while (next < components.length && components[next].id != id) {
                next++;
            }
            if (next == components.length) {
                return false; // not a component of the frame, or out of its order
            }
            Component c = components[next++];
            c.dcTable = tables >> 4;
            c.acTable = tables & 15;
            if (c.dcTable > 3 || c.acTable > 3 || !quantSet[c.quant]) {
                return false;
            }
            scanComponents[i] = c;
        }
        spectralStart = u8();
        spectralEnd = u8();
        int approximation = u8();
        approximationHigh = approximation >> 4;
        approximationLow = approximation & 15;
        boolean dcFirst = spectralStart == 0 && approximationHigh == 0;
        for (Component c : scanComponents) {
            boolean needsDc = !progressive || dcFirst;
            boolean needsAc = !progressive || spectralStart > 0;
            if ((needsDc && dc[c.dcTable] == null) || (needsAc && ac[c.acTable] == null)) {
                return false;
            }
        }
        if (!progressive) {
            return count == components.length
                    && spectralStart == 0
                    && spectralEnd == 63
                    && approximation == 0;
        }
        return progression();
    }

    /**
     * The scan's place in the progression, checked as libjpeg checks it (its error and its "bogus
     * progression" warning both return false here): a DC scan has no AC band, an AC band belongs to
     * one component whose DC came first, and each refinement sends the bit below the last one.
     */
    private boolean progression() {
        boolean dcBand = spectralStart == 0;
        if (dcBand ? spectralEnd != 0 : spectralStart > spectralEnd || spectralEnd > 63) {
            return false;
        }
        if ((!dcBand && scanComponents.length != 1)
                || (approximationHigh != 0 && approximationLow != approximationHigh - 1)
                || approximationLow > 13) {
            return false;
        }
        for (Component c : scanComponents) {
            if (!dcBand && c.bitsSent[0] < 0) {
                return false;
            }
            for (int k = spectralStart; k <= spectralEnd; k++) {
                int expected = c.bitsSent[k] < 0 ? 0 : c.bitsSent[k];
                if (approximationHigh != expected) {
                    return false;
                }
                c.bitsSent[k] = approximationLow;
            }
        }
        return true;
    }

    /** Decodes the scan with N x N samples a block and converts to RGB. */
    private BufferedImage scan(int n) {
        int hMax = 1;
        int vMax = 1;
        for (Component c : components) {
            hMax = Math.max(hMax, c.h);
            vMax = Math.max(vMax, c.v);
        }
        int mcusX = (width + 8 * hMax - 1) / (8 * hMax);
        int mcusY = (height + 8 * vMax - 1) / (8 * vMax);
        for (Component c : components) {
            c.planeWidth = mcusX * c.h * n;
            c.plane = new byte[c.planeWidth * mcusY * c.v * n];
        }
        Idct idct = new Idct();
        int[] coefficients = new int[n * n];
        int mcu = 0;
        int restarts = 0;
        for (int my = 0; my < mcusY; my++) {
            for (int mx = 0; mx < mcusX; mx++, mcu++) {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                    restart(restarts++);
                }
                for (Component c : components) {
                    for (int by = 0; by < c.v; by++) {
                        for (int bx = 0; bx < c.h; bx++) {
                            block(c, n, coefficients);
                            int at = ((my * c.v + by) * n) * c.planeWidth + (mx * c.h + bx) * n;
                            idct.inverse(coefficients, n, c.plane, at, c.planeWidth);
                        }
                    }
                }
                if (bitCount < fakeBits) {
                    // bits past the end of the data (or a marker) were decoded: it is cut short
                    throw new IllegalArgumentException("the entropy-coded data ends early");
                }
            }
        }
        endOfScan();
        return toRgb(n, hMax, vMax);
    }

    /**
     * The scan ends at a marker: bits decoded past the data mean it was cut short, and what libjpeg
     * calls extraneous data (bytes between the last block and the next marker) is refused.
     */
    private void endOfScan() {
        if (bitCount < fakeBits) {
            throw new IllegalArgumentException("the entropy-coded data ends early");
        }
        if (bitCount - fakeBits >= 8
                || pos + 1 >= data.length
                || (data[pos] & 0xFF) != 0xFF
                || (data[pos + 1] & 0xFF) == 0) {
            throw new IllegalArgumentException("data after the last block");
        }
    }

    /** The bit reader empty, at the byte after the last scan's data; each scan starts here. */
    private void resetBits() {
        bitBuffer = 0;
        bitCount = 0;
        fakeBits = 0;
        hitMarker = false;
        endOfBandRun = 0;
        for (Component c : components) {
            c.predictor = 0;
        }
    }

    /**
     * A progressive file: every scan's bits gathered into the coefficients (the first scan's header
     * is read), then each block's lowest N x N through the N-point inverse DCT.
     */
    private BufferedImage progressive(int n) {
        int hMax = 1;
        int vMax = 1;
        for (Component c : components) {
            hMax = Math.max(hMax, c.h);
            vMax = Math.max(vMax, c.v);
        }
        int mcusX = (width + 8 * hMax - 1) / (8 * hMax);
        int mcusY = (height + 8 * vMax - 1) / (8 * vMax);
        // only the corner's values are needed; the others' being nonzero keeps the bits in step
        slots = CORNER[n];
        kept = n * n;
        for (Component c : components) {
            c.blocksWide = mcusX * c.h;
            c.blocksHigh = mcusY * c.v;
            c.coefficients = new short[c.blocksWide * c.blocksHigh * kept];
            c.nonzero = new long[c.blocksWide * c.blocksHigh];
        }
        do {
            progressiveScan(mcusX, mcusY, hMax, vMax);
            endOfScan();
            resetBits();
        } while (nextScan());
        Idct idct = new Idct();
        int[] block = new int[kept];
        int[] quantOfSlot = new int[kept]; // natural-order index of each kept coefficient
        for (int k = 0; k < 64; k++) {
            if (slots[k] >= 0) {
                quantOfSlot[slots[k]] = ZIGZAG[k];
            }
        }
        for (Component c : components) {
            c.planeWidth = c.blocksWide * n;
            c.plane = new byte[c.planeWidth * c.blocksHigh * n];
            int q = c.quant * 64;
            for (int by = 0, from = 0; by < c.blocksHigh; by++) {
                for (int bx = 0; bx < c.blocksWide; bx++, from += kept) {
                    for (int i = 0; i < kept; i++) {
                        block[i] = c.coefficients[from + i] * quant[q + quantOfSlot[i]];
                    }
                    idct.inverse(block, n, c.plane, by * n * c.planeWidth + bx * n, c.planeWidth);
                }
            }
            c.coefficients = null;
            c.nonzero = null;
        }
        return toRgb(n, hMax, vMax);
    }

    /**
     * The markers after a scan up to the next scan's header (true) or the end of the image (false).
     * Tables and restart intervals may change between scans; quantisation tables may not (libjpeg
     * takes a component's table at its first scan: left to the full decoder).
     */
    private boolean nextScan() {
        while (true) {
            int marker = nextMarker();
            if (marker == 0xD9) {
                return false;
            }
            int length = u16();
            int end = pos + length - 2;
            if (length < 2 || end > data.length) {
                throw new IllegalArgumentException("a marker runs past the data");
            }
            switch (marker) {
                case 0xC4 -> huffmanTables(end);
                case 0xDD -> restartInterval = u16();
                case 0xDA -> {
                    if (!scanHeader(end)) {
                        throw new IllegalArgumentException(
                                "a scan the scaled decoder does not take");
                    }
                    return true;
                }
                default -> {
                    boolean skipped = (marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE;
                    if (!skipped || (marker == 0xE2 && startsWith("ICC_PROFILE\0"))) {
                        // a profile after the first scan: whether it counts is the full decoder's
                        throw new IllegalArgumentException("a marker between scans: " + marker);
                    }
                }
            }
            pos = end;
        }
    }

    /**
     * One progressive scan into the coefficients: one component's blocks in raster order over its
     * own size, or several components' blocks MCU by MCU.
     */
    private void progressiveScan(int mcusX, int mcusY, int hMax, int vMax) {
        int unit = 0;
        int restarts = 0;
        if (scanComponents.length == 1) {
            Component c = scanComponents[0];
            int wide = ((width * c.h + hMax - 1) / hMax + 7) / 8;
            int high = ((height * c.v + vMax - 1) / vMax + 7) / 8;
            for (int by = 0; by < high; by++) {
                for (int bx = 0; bx < wide; bx++, unit++) {
                    if (restartInterval > 0 && unit > 0 && unit % restartInterval == 0) {
                        restart(restarts++);
                    }
                    progressiveBlock(c, by * c.blocksWide + bx);
                }
                if (bitCount < fakeBits) {
                    throw new IllegalArgumentException("the entropy-coded data ends early");
                }
            }
            return;
        }
        for (int my = 0; my < mcusY; my++) {
            for (int mx = 0; mx < mcusX; mx++, unit++) {
                if (restartInterval > 0 && unit > 0 && unit % restartInterval == 0) {
                    restart(restarts++);
                }
                for (Component c : scanComponents) {
                    for (int by = 0; by < c.v; by++) {
                        for (int bx = 0; bx < c.h; bx++) {
                            int row = my * c.v + by;
                            progressiveBlock(c, row * c.blocksWide + mx * c.h + bx);
                        }
                    }
                }
            }
            if (bitCount < fakeBits) {
                throw new IllegalArgumentException("the entropy-coded data ends early");
            }
        }
    }

    /** One block's part of a progressive scan: block {@code index} of its component. */
    private void progressiveBlock(Component c, int index) {
        int at = index * kept;
        if (spectralStart == 0) {
            short[] coefficients = c.coefficients;
            if (approximationHigh == 0) {
                int category = decodeSymbol(dc[c.dcTable]);
                if (category > 11) {
                    throw new IllegalArgumentException("a DC difference out of range");
                }
                c.predictor += category == 0 ? 0 : extend(bits(category), category);
                coefficients[at] = (short) (c.predictor << approximationLow);
            } else if (bits(1) != 0) {
                coefficients[at] |= (short) (1 << approximationLow);
            }
        } else if (approximationHigh == 0) {
            acFirst(ac[c.acTable], c, index);
        } else {
            acRefine(ac[c.acTable], c, index);
        }
    }

    /** Coefficient {@code k} of block {@code index} is sent as {@code value} (as a 16-bit one). */
    private void put(Component c, int index, int k, int value) {
        short stored = (short) value;
        if (stored != 0) {
            c.nonzero[index] |= 1L << k;
            int slot = slots[k];
            if (slot >= 0) {
                c.coefficients[index * kept + slot] = stored;
            }
        }
    }

    /** The first bits of a block's AC band; an end-of-band run skips this and later blocks. */
    private void acFirst(Huffman table, Component c, int index) {
        if (endOfBandRun > 0) {
            endOfBandRun--;
            return;
        }
        int[] fast = table.fastAc;
        for (int k = spectralStart; k <= spectralEnd; k++) {
            if (bitCount < 16) {
                fill(16);
            }
            int entry = fast[(int) (bitBuffer >>> (bitCount - 9)) & 0x1FF];
            if (entry != 0) {
                // the code and its extra bits at once, as in a sequential scan
                bitCount -= entry & 0xFF;
                k += (entry >> 8) & 0xFF;
                if (k > spectralEnd) {
                    throw new IllegalArgumentException("AC coefficients past the band");
                }
                put(c, index, k, (entry >> 16) << approximationLow);
                continue;
            }
            int symbol = decodeSymbol(table);
            int run = symbol >> 4;
            int size = symbol & 15;
            if (size != 0) {
                k += run;
                if (k > spectralEnd) {
                    throw new IllegalArgumentException("AC coefficients past the band");
                }
                put(c, index, k, extend(bits(size), size) << approximationLow);
            } else if (run == 15) {
                k += 15; // sixteen zeros, the loop's step the last
            } else {
                endOfBandRun = (1 << run) - 1 + (run > 0 ? bits(run) : 0);
                return;
            }
        }
    }

    /**
     * One more bit of a block's AC band: a correction bit for every coefficient already nonzero,
     * and new coefficients of +-1 placed after runs of those still zero (the standard's G.1.2.3).
     */
    private void acRefine(Huffman table, Component c, int index) {
        int plusOne = 1 << approximationLow;
        int minusOne = -1 << approximationLow;
        int k = spectralStart;
        if (endOfBandRun == 0) {
            for (; k <= spectralEnd; k++) {
                int symbol = decodeSymbol(table);
                int run = symbol >> 4;
                int size = symbol & 15;
                int value = 0;
                if (size != 0) {
                    if (size != 1) {
                        throw new IllegalArgumentException("a refinement of more than one bit");
                    }
                    value = bits(1) != 0 ? plusOne : minusOne;
                } else if (run != 15) {
                    endOfBandRun = (1 << run) + (run > 0 ? bits(run) : 0);
                    break;
                }
                long nonzero = c.nonzero[index];
                for (; k <= spectralEnd; k++) {
                    if ((nonzero >>> k & 1) != 0) {
                        correct(c, index, k, plusOne);
                    } else if (--run < 0) {
                        break; // the zero the new coefficient goes in
                    }
                }
                if (value != 0) {
                    if (k > spectralEnd) {
                        throw new IllegalArgumentException("a new coefficient past the band");
                    }
                    put(c, index, k, value);
                }
            }
        }
        if (endOfBandRun > 0) {
            // the rest of the band only corrects: the coefficients nonzero so far, in order
            long left =
                    k > spectralEnd
                            ? 0
                            : c.nonzero[index] & (-1L << k) & (-1L >>> (63 - spectralEnd));
            while (left != 0) {
                correct(c, index, Long.numberOfTrailingZeros(left), plusOne);
                left &= left - 1;
            }
            endOfBandRun--;
        }
    }

    /**
     * A nonzero coefficient's correction bit: when set, and the coefficient does not have that bit
     * yet, the bit is added away from zero (to a kept coefficient; the others stay nonzero).
     */
    private void correct(Component c, int index, int k, int plusOne) {
        int slot = slots[k];
        if (bits(1) != 0 && slot >= 0) {
            int at = index * kept + slot;
            int coefficient = c.coefficients[at];
            if ((coefficient & plusOne) == 0) {
                c.coefficients[at] =
                        (short) (coefficient + (coefficient >= 0 ? plusOne : -plusOne));
            }
        }
    }

    /**
     * The restart marker RST({@code index} mod 8) must follow the interval's last byte; the
     * predictions start again from zero.
     */
    private void restart(int index) {
        if (bitCount - fakeBits >= 8
                || pos + 1 >= data.length
                || (data[pos] & 0xFF) != 0xFF
                || (data[pos + 1] & 0xFF) != 0xD0 + (index & 7)) {
            throw new IllegalArgumentException("a restart marker is missing");
        }
        pos += 2;
        resetBits();
    }

    /** One block: its DC and AC coefficients, the lowest N x N dequantised into {@code out}. */
    private void block(Component c, int n, int[] out) {
        Arrays.fill(out, 0);
        int q = c.quant * 64;
        int category = decodeSymbol(dc[c.dcTable]);
        if (category > 11) {
            throw new IllegalArgumentException("a DC difference out of range");
        }
        int diff = category == 0 ? 0 : extend(bits(category), category);
        c.predictor += diff;
        out[0] = c.predictor * quant[q];
        Huffman table = ac[c.acTable];
        int[] fast = table.fastAc;
        int[] corner = CORNER[n];
        for (int k = 1; k < 64; ) {
            if (bitCount < 16) {
                fill(16);
            }
            int entry = fast[(int) (bitBuffer >>> (bitCount - 9)) & 0x1FF];
            int value;
            if (entry != 0) {
                // the code and its extra bits at once: most coefficients of most blocks
                bitCount -= entry & 0xFF;
                k += (entry >> 8) & 0xFF;
                value = entry >> 16;
            } else {
                int symbol = decodeSymbol(table);
                int run = symbol >> 4;
                int size = symbol & 15;
                if (size == 0) {
                    if (run != 15) {
                        break; // end of block
                    }
                    k += 16;
                    continue;
                }
                k += run;
                value = k > 63 ? 0 : extend(bits(size), size);
            }
            if (k > 63) {
                throw new IllegalArgumentException("AC coefficients past the block");
            }
            int slot = corner[k];
            if (slot >= 0) {
                out[slot] = value * quant[q + ZIGZAG[k]];
            }
            k++;
        }
    }

    private int decodeSymbol(Huffman table) {
        if (bitCount < 16) {
            fill(16);
        }
        int peek = (int) (bitBuffer >>> (bitCount - 9)) & 0x1FF;
        int entry = table.lookup[peek];
        if (entry != 0) {
            bitCount -= entry >> 8;
            return entry & 0xFF;
        }
        int code = 0;
        for (int length = 1; length <= 16; length++) {
            code = (code << 1) | (int) ((bitBuffer >>> (bitCount - length)) & 1);
            if (table.maxCode[length] >= code && code >= table.minCode[length]) {
                bitCount -= length;
                int index = table.valPtr[length] + code - table.minCode[length];
                if (index >= table.values.length) {
                    throw new IllegalArgumentException("a Huffman code out of its table");
                }
                return table.values[index];
            }
        }
        throw new IllegalArgumentException("a Huffman code not in its table");
    }

    private int bits(int count) {
        fill(count);
        bitCount -= count;
        return (int) (bitBuffer >>> bitCount) & ((1 << count) - 1);
    }

    /**
     * At least {@code count} bits in the buffer, topped up to 57-64 bits at once; past the data's
     * end (or a marker), zero bits.
     */
    private void fill(int count) {
        if (bitCount >= count) {
            return;
        }
        // most of the data: bytes that are not 0xFF, far from the end
        if (!hitMarker && pos + 8 <= data.length) {
            while (bitCount <= 56 && data[pos] != (byte) 0xFF) {
                bitBuffer = (bitBuffer << 8) | (data[pos++] & 0xFF);
                bitCount += 8;
            }
        }
        while (bitCount <= 56) {
            int b = 0;
            if (!hitMarker && pos < data.length) {
                b = data[pos] & 0xFF;
                if (b == 0xFF) {
                    int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : -1;
                    if (next == 0) {
                        pos += 2;
                    } else {
                        hitMarker = true;
                        b = 0;
                    }
                } else {
                    pos++;
                }
            } else {
                hitMarker = true;
            }
            if (hitMarker) {
                fakeBits += 8;
            }
            bitBuffer = (bitBuffer << 8) | b;
            bitCount += 8;
        }
    }

    private static int extend(int value, int size) {
        return value < (1 << (size - 1)) ? value - (1 << size) + 1 : value;
    }

    private BufferedImage toRgb(int n, int hMax, int vMax) {
        int outW = (width * n + 7) / 8;
        int outH = (height * n + 7) / 8;
        BufferedImage image = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Component luma = components[0];
        byte[] yPlane = luma.plane;
        if (components.length == 1) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0, from = y * luma.planeWidth, to = y * outW; x < outW; x++) {
                    int g = yPlane[from + x] & 0xFF;
                    pixels[to + x] = g << 16 | g << 8 | g;
                }
            }
            return image;
        }
        Component cbc = components[1];
        Component crc = components[2];
        if (n == 8) {
            Upsampled cb = new Upsampled(cbc, hMax, vMax);
            Upsampled cr = new Upsampled(crc, hMax, vMax);
            for (int y = 0; y < outH; y++) {
                int from = y * luma.planeWidth;
                int to = y * outW;
                int[] cbRow = cb.row(y);
                int[] crRow = cr.row(y);
                for (int x = 0; x < outW; x++) {
                    pixels[to + x] = rgb(yPlane[from + x] & 0xFF, cbRow[x], crRow[x]);
                }
            }
            return image;
        }
        // chroma sampled at 1/1 or 1/2 of luma each way: the nearest chroma sample
        int cbX = hMax / cbc.h - 1;
        int cbY = vMax / cbc.v - 1;
        int crX = hMax / crc.h - 1;
        int crY = vMax / crc.v - 1;
        byte[] cbPlane = cbc.plane;
        byte[] crPlane = crc.plane;
        for (int y = 0; y < outH; y++) {
            int from = y * luma.planeWidth;
            int cbRow = (y >> cbY) * cbc.planeWidth;
            int crRow = (y >> crY) * crc.planeWidth;
            int to = y * outW;
            for (int x = 0; x < outW; x++) {
                int cb = cbPlane[cbRow + (x >> cbX)] & 0xFF;
                int cr = crPlane[crRow + (x >> crX)] & 0xFF;
                pixels[to + x] = rgb(yPlane[from + x] & 0xFF, cb, cr);
            }
        }
        return image;
    }

    /** libjpeg's YCbCr to RGB, fixed point. */
    private static int rgb(int y, int cb, int cr) {
        int r = clamp(y + CR_R[cr]);
        int g = clamp(y + ((CB_G[cb] + CR_G[cr]) >> 16));
        int b = clamp(y + CB_B[cb]);
        return r << 16 | g << 8 | b;
    }

    /**
     * A chroma component brought to luma's full resolution a row at a time, from its real samples
     * (the component's share of the frame, rounded up), as libjpeg upsamples them.
     */
    private final class Upsampled {
        private final Component c;
        private final int realWidth;
        private final int realHeight;
        private final int hRatio;
        private final int vRatio;
        private final int[] sums;
        private final int[] row;

        Upsampled(Component c, int hMax, int vMax) {
            this.c = c;
            realWidth = (width * c.h + hMax - 1) / hMax;
            realHeight = (height * c.v + vMax - 1) / vMax;
            hRatio = hMax / c.h;
            vRatio = vMax / c.v;
            sums = new int[realWidth];
            row = new int[realWidth * hRatio];
        }

        int[] row(int y) {
            FullSizeJpeg.upsampleRow(
                    c.plane, c.planeWidth, realWidth, realHeight, hRatio, vRatio, y, sums, row);
            return row;
        }
    }

    private static int clamp(int value) {
        return value < 0 ? 0 : Math.min(value, 255);
    }

    private boolean startsWith(String text) {
        if (pos + text.length() > data.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (data[pos + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int u8() {
        return data[pos++] & 0xFF;
    }

    private int u16() {
        return u8() << 8 | u8();
    }

    /**
     * The N-point inverse DCT (N = 1, 2 or 4) of a block's lowest N x N coefficients: the 8-point
     * basis sampled at the centres of N equal parts of the block, which for these N is the N-point
     * DCT's own basis scaled by 1/2 a dimension. One per scan (it keeps a block's rows).
     */
    static final class Idct {
        private static final float HALF_ROOT_HALF = (float) (Math.sqrt(0.5) / 2);
        private static final float COS_1 = (float) (Math.cos(Math.PI / 8) / 2);
        private static final float COS_3 = (float) (Math.cos(3 * Math.PI / 8) / 2);

        private final float[] rows = new float[16];
        private final long[] scratch = new long[8];
        private float out0;
        private float out1;
        private float out2;
        private float out3;

        /**
         * {@code block} (N x N dequantised coefficients, row-major) as N x N samples, level-shifted
         * and range-limited to 0-255, into {@code plane} at {@code at} with rows {@code stride}
         * apart.
         */
        void inverse(int[] block, int n, byte[] plane, int at, int stride) {
            if (n == 8) {
                FullSizeJpeg.inverse(block, plane, at, stride, scratch);
                return;
            }
            if (n == 1) {
                plane[at] = (byte) clamp(((block[0] + 4) >> 3) + 128); // the block's mean
                return;
            }
            if (n == 2) {
                // every weight of the 2-point transform is 1/8 or -1/8
                int a = block[0] + block[2];
                int b = block[1] + block[3];
                int c = block[0] - block[2];
                int d = block[1] - block[3];
                plane[at] = (byte) clamp(((a + b + 4) >> 3) + 128);
                plane[at + 1] = (byte) clamp(((a - b + 4) >> 3) + 128);
                plane[at + stride] = (byte) clamp(((c + d + 4) >> 3) + 128);
                plane[at + stride + 1] = (byte) clamp(((c - d + 4) >> 3) + 128);
                return;
            }
            for (int v = 0; v < 4; v++) {
                fourPoint(block[v * 4], block[v * 4 + 1], block[v * 4 + 2], block[v * 4 + 3]);
                rows[v * 4] = out0;
                rows[v * 4 + 1] = out1;
                rows[v * 4 + 2] = out2;
                rows[v * 4 + 3] = out3;
            }
            for (int x = 0; x < 4; x++) {
                fourPoint(rows[x], rows[4 + x], rows[8 + x], rows[12 + x]);
                // a sum below -128.5 truncates to a negative or zero: clamped to 0 either way
                plane[at + x] = (byte) clamp((int) (out0 + 128.5f));
                plane[at + stride + x] = (byte) clamp((int) (out1 + 128.5f));
                plane[at + 2 * stride + x] = (byte) clamp((int) (out2 + 128.5f));
                plane[at + 3 * stride + x] = (byte) clamp((int) (out3 + 128.5f));
            }
        }

        /** The 4-point inverse of (f0, f1, f2, f3), even and odd halves apart, in out0-out3. */
        private void fourPoint(float f0, float f1, float f2, float f3) {
            float even0 = (f0 + f2) * HALF_ROOT_HALF;
            float even1 = (f0 - f2) * HALF_ROOT_HALF;
            float odd0 = f1 * COS_1 + f3 * COS_3;
            float odd1 = f1 * COS_3 - f3 * COS_1;
            out0 = even0 + odd0;
            out1 = even1 + odd1;
            out2 = even1 - odd1;
            out3 = even0 - odd0;
        }
    }
}
