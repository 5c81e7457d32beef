package dev.flinfer.image;

import static dev.flinfer.image.ScaledJpegDecoderTest.difference;
import static dev.flinfer.image.ScaledJpegDecoderTest.jpeg;
import static dev.flinfer.image.ScaledJpegDecoderTest.photo;
import static dev.flinfer.image.ScaledJpegDecoderTest.vit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.record.BadRecordException;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Progressive JPEGs decoded at reduced size. A progressive file and a baseline file written from
 * the same image at the same quality hold the same quantised coefficients, only sent in another
 * order (DC first, AC bands, then their lower bits), so the reduced decode of one must equal the
 * other's pixel for pixel; the JDK's writer sends libjpeg's usual progression, with successive
 * approximation, so every kind of scan is read. Damage and odd progressions keep the full decoder's
 * verdict.
 */
class ProgressiveJpegTest {
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);

    /** A scan's header: its component count, spectral band and successive approximation. */
    private record Scan(int at, int components, int start, int end, int high, int low) {}

    /** The scans of {@code jpeg}, each with the offset of its SOS marker. */
    private static List<Scan> scans(byte[] jpeg) {
        List<Scan> scans = new ArrayList<>();
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) {
                int count = jpeg[i + 4] & 0xFF;
                int band = i + 5 + 2 * count;
                scans.add(
                        new Scan(
                                i,
                                count,
                                jpeg[band] & 0xFF,
                                jpeg[band + 1] & 0xFF,
                                (jpeg[band + 2] & 0xFF) >> 4,
                                jpeg[band + 2] & 15));
            }
        }
        return scans;
    }

    /** {@code image} as a JPEG at quality 0.9 with a restart marker every {@code interval} MCUs. */
    private static byte[] withRestarts(BufferedImage image, boolean progressive, int interval)
            throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
        String format = "javax_imageio_jpeg_image_1.0";
        Element tree = (Element) metadata.getAsTree(format);
        Element markers = (Element) tree.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode dri = new IIOMetadataNode("dri");
        dri.setAttribute("interval", Integer.toString(interval));
        markers.insertBefore(dri, markers.getFirstChild());
        metadata.setFromTree(format, tree);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage grey(BufferedImage colour) {
        BufferedImage grey =
                new BufferedImage(
                        colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.drawImage(colour, 0, 0, null);
        g.dispose();
        return grey;
    }

    private static void assertSamePixels(byte[] progressive, byte[] baseline, String what) {
        for (int denominator : new int[] {2, 4, 8}) {
            BufferedImage mine = ScaledJpegDecoder.decode(progressive, denominator);
            BufferedImage twin = ScaledJpegDecoder.decode(baseline, denominator);
            assertThat(mine).as("%s at 1/%d", what, denominator).isNotNull();
            assertThat(twin).as("%s's baseline twin at 1/%d", what, denominator).isNotNull();
            assertThat(mine.getWidth()).isEqualTo(twin.getWidth());
            assertThat(mine.getHeight()).isEqualTo(twin.getHeight());
            assertThat(PilResampler.packedRgb(mine))
                    .as("%s at 1/%d", what, denominator)
                    .isEqualTo(PilResampler.packedRgb(twin));
        }
    }

    @Test
    void aProgressiveJpegDecodesReducedToItsBaselineTwinsPixels() throws Exception {
        BufferedImage colour = photo(1280, 960, 11);
        byte[] progressive = jpeg(colour, true);
        List<Scan> scans = scans(progressive);
        assertThat(scans).as("DC and AC scans").hasSizeGreaterThan(4);
        assertThat(scans).as("a DC scan of all components").anyMatch(s -> s.components() == 3);
        assertThat(scans).as("an AC refinement").anyMatch(s -> s.start() > 0 && s.high() > 0);
        assertThat(scans).as("a DC refinement").anyMatch(s -> s.start() == 0 && s.high() > 0);
        assertSamePixels(progressive, jpeg(colour, false), "1280x960 colour");

        // sizes that are no multiple of an MCU: single-component scans cover fewer blocks
        BufferedImage odd = photo(1001, 667, 12);
        assertSamePixels(jpeg(odd, true), jpeg(odd, false), "1001x667 colour");

        BufferedImage grey = grey(photo(803, 601, 13));
        assertSamePixels(jpeg(grey, true), jpeg(grey, false), "803x601 grey");
    }

    @Test
    void restartMarkersAreFollowedInBaselineAndProgressiveScans() throws Exception {
        BufferedImage photo = photo(1000, 750, 14);
        byte[] plain = jpeg(photo, false);
        for (boolean progressive : new boolean[] {false, true}) {
            byte[] restarted = withRestarts(photo, progressive, 7);
            int restarts = 0;
            for (int i = 0; i + 1 < restarted.length; i++) {
                int marker = restarted[i + 1] & 0xFF;
                if ((restarted[i] & 0xFF) == 0xFF && marker >= 0xD0 && marker <= 0xD7) {
                    restarts++;
                }
            }
            assertThat(restarts).as("restart markers written").isGreaterThan(100);
            assertSamePixels(restarted, plain, progressive ? "progressive" : "baseline");
        }
    }

    @Test
    void aProgressiveFullHdPhotoDecodesAtAQuarterAndGivesTheFullPathsTensor() throws Exception {
        ImagePreprocessor vit = vit();
        byte[] bytes = TestImages.withExifOrientation(jpeg(photo(1920, 1080, 15), true), 6);
        BufferedImage reduced = DECODER.decode(bytes, vit::reduction);
        assertThat(reduced.getWidth()).as("read at 1/4 and turned upright").isEqualTo(270);
        assertThat(reduced.getHeight()).isEqualTo(480);
        double[] diff = difference(vit.toTensor(reduced), vit.toTensor(DECODER.decode(bytes)));
        System.out.printf(
                "progressive 1920x1080 at 1/4: mean %.3f, p99 %.1f, max %.1f grey levels%n",
                diff[0], diff[1], diff[2]);
        assertThat(diff[0]).as("mean difference").isLessThan(1.0);
        assertThat(diff[1]).as("99th percentile").isLessThan(10);
    }

    @Test
    void everyTruncationGetsTheFullDecodersVerdict() throws Exception {
        byte[] bytes = jpeg(photo(1024, 768, 16), true);
        List<Integer> cuts = new ArrayList<>();
        for (Scan scan : scans(bytes)) {
            cuts.add(scan.at()); // at a scan's start: the file ends between scans
            cuts.add(scan.at() + 3);
        }
        for (int cut = 2; cut < bytes.length; cut += bytes.length / 50) {
            cuts.add(cut);
        }
        cuts.add(bytes.length - 2); // the end-of-image marker missing
        for (int cut : cuts) {
            byte[] part = Arrays.copyOf(bytes, cut);
            String full = verdict(() -> DECODER.decode(part));
            String reduced = verdict(() -> DECODER.decode(part, (w, h) -> 4));
            assertThat(reduced).as("cut at %d of %d", cut, bytes.length).isEqualTo(full);
            if (cut < bytes.length - 2) {
                assertThat(ScaledJpegDecoder.decode(part, 4)).as("cut at %d", cut).isNull();
            }
        }
    }

    @Test
    void aProgressionLibjpegWouldWarnAboutTakesTheFullDecoder() throws Exception {
        byte[] bytes = jpeg(photo(800, 600, 17), true);
        Scan refinement =
                scans(bytes).stream()
                        .filter(s -> s.start() > 0 && s.high() > 0)
                        .findFirst()
                        .orElseThrow();
        // the refinement claims to follow a bit that was never sent
        byte[] bogus = bytes.clone();
        int approximation = refinement.at() + 5 + 2 * refinement.components() + 2;
        bogus[approximation] = (byte) ((refinement.high() + 1) << 4 | refinement.high());
        assertThat(ScaledJpegDecoder.decode(bogus, 2)).isNull();
        assertThat(verdict(() -> DECODER.decode(bogus, (w, h) -> 2)))
                .isEqualTo(verdict(() -> DECODER.decode(bogus)));

        // an AC band of more than one component
        byte[] interleavedAc = bytes.clone();
        Scan first = scans(bytes).get(0);
        assertThat(first.components()).isEqualTo(3);
        interleavedAc[first.at() + 5 + 2 * first.components()] = 1;
        interleavedAc[first.at() + 6 + 2 * first.components()] = 5;
        assertThat(ScaledJpegDecoder.read(interleavedAc)).isNull();

        // an AC band before the component's DC (a grey file: its first scan has one component)
        byte[] grey = jpeg(grey(photo(400, 300, 18)), true);
        Scan dc = scans(grey).get(0);
        assertThat(dc.components()).isEqualTo(1);
        assertThat(dc.start()).isZero();
        assertThat(ScaledJpegDecoder.read(grey)).isNotNull();
        byte[] acFirst = grey.clone();
        acFirst[dc.at() + 7] = 1;
        acFirst[dc.at() + 8] = 5;
        assertThat(ScaledJpegDecoder.read(acFirst)).isNull();
        assertThat(verdict(() -> DECODER.decode(acFirst, (w, h) -> 2)))
                .isEqualTo(verdict(() -> DECODER.decode(acFirst)));
    }

    private interface Decode {
        BufferedImage run() throws BadRecordException;
    }

    /** "image" or the bad record's code. */
    private static String verdict(Decode decode) {
        try {
            decode.run();
            return "image";
        } catch (BadRecordException e) {
            return e.code();
        }
    }
}
