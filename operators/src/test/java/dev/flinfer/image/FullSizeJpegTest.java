package dev.flinfer.image;

import static dev.flinfer.image.ScaledJpegDecoderTest.jpeg;
import static dev.flinfer.image.ScaledJpegDecoderTest.photo;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Flinfer's decoder at full size gives the JDK's own pixels, bit for bit: the same islow inverse
 * DCT, range limit, fancy chroma upsampling and colour conversion as its libjpeg, on every chroma
 * sampling a JPEG writer makes and on sizes that are no multiple of a block. So a progressive file,
 * which Flinfer decodes itself at full size, gets the tensor the JDK's decoder would give it.
 */
class FullSizeJpegTest {
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);

    /** {@code image} as a JPEG with luma sampled {@code h} x {@code v} times chroma. */
    private static byte[] sampled(BufferedImage image, int h, int v, boolean progressive)
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
        NodeList specs = tree.getElementsByTagName("componentSpec");
        for (int i = 0; i < specs.getLength(); i++) {
            Element spec = (Element) specs.item(i);
            spec.setAttribute("HsamplingFactor", Integer.toString(i == 0 ? h : 1));
            spec.setAttribute("VsamplingFactor", Integer.toString(i == 0 ? v : 1));
        }
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

    /** The luma sampling factors the file's frame states. */
    private static String sampling(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            int marker = jpeg[i + 1] & 0xFF;
            if ((jpeg[i] & 0xFF) == 0xFF && (marker == 0xC0 || marker == 0xC2)) {
                int factors = jpeg[i + 11] & 0xFF;
                return (factors >> 4) + "x" + (factors & 15);
            }
        }
        throw new AssertionError("no frame");
    }

    private static void assertTheJdksPixels(byte[] bytes, String what) throws Exception {
        BufferedImage mine = ScaledJpegDecoder.decode(bytes, 1);
        BufferedImage jdks = DECODER.decode(bytes);
        assertThat(mine).as(what).isNotNull();
        assertThat(mine.getWidth()).as(what).isEqualTo(jdks.getWidth());
        assertThat(mine.getHeight()).as(what).isEqualTo(jdks.getHeight());
        int[] a = PilResampler.packedRgb(mine);
        int[] b = PilResampler.packedRgb(jdks);
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                differing++;
            }
        }
        assertThat(differing).as("%s: pixels differing from the JDK's", what).isZero();
    }

    @Test
    void everyChromaSamplingDecodesToTheJdksPixels() throws Exception {
        BufferedImage photo = photo(643, 481, 21);
        for (int[] factors : new int[][] {{2, 2}, {2, 1}, {1, 2}, {1, 1}}) {
            byte[] bytes = sampled(photo, factors[0], factors[1], false);
            assertThat(sampling(bytes)).isEqualTo(factors[0] + "x" + factors[1]);
            assertTheJdksPixels(bytes, "baseline " + sampling(bytes));
            assertTheJdksPixels(
                    sampled(photo, factors[0], factors[1], true), "progressive " + sampling(bytes));
        }
    }

    @Test
    void oddAndTinySizesDecodeToTheJdksPixels() throws Exception {
        for (int[] size :
                new int[][] {{1280, 960}, {1001, 667}, {33, 17}, {17, 33}, {5, 3}, {1, 1}}) {
            BufferedImage photo = photo(Math.max(size[0], 40), Math.max(size[1], 40), 22);
            BufferedImage cut = photo.getSubimage(0, 0, size[0], size[1]);
            BufferedImage copy = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            copy.getGraphics().drawImage(cut, 0, 0, null);
            String what = size[0] + "x" + size[1];
            assertTheJdksPixels(jpeg(copy, false), what + " baseline");
            assertTheJdksPixels(jpeg(copy, true), what + " progressive");
        }
        BufferedImage grey = new BufferedImage(803, 601, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.drawImage(photo(803, 601, 23), 0, 0, null);
        g.dispose();
        assertTheJdksPixels(jpeg(grey, false), "grey baseline");
        assertTheJdksPixels(jpeg(grey, true), "grey progressive");
    }

    @Test
    void aProgressiveFileIsDecodedHereAtFullSizeWithTheJdksResult() throws Exception {
        byte[] progressive = TestImages.withExifOrientation(jpeg(photo(320, 240, 24), true), 8);
        assertThat(ScaledJpegDecoder.read(progressive).progressive()).isTrue();
        BufferedImage mine = DECODER.decode(progressive, (w, h) -> 1);
        BufferedImage jdks = DECODER.decode(progressive);
        assertThat(mine.getWidth()).as("turned upright").isEqualTo(240);
        assertThat(PilResampler.packedRgb(mine)).isEqualTo(PilResampler.packedRgb(jdks));
    }
}
