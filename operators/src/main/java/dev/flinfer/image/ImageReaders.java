package dev.flinfer.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;
import javax.imageio.stream.ImageInputStream;

/**
 * The fixed set of image readers the decoder uses, found by content: TwelveMonkeys' JPEG, WebP and
 * TIFF, and the JDK's PNG, GIF and BMP.
 *
 * <p>They are held here rather than looked up in ImageIO's JVM-wide registry. Under Flink this
 * class is loaded by a job's class loader: registering its readers globally ({@code
 * ImageIO.scanForPlugins()}) would keep that class loader alive after the job ends, and the next
 * job in the same TaskManager would find two sets of TwelveMonkeys readers there, one from a closed
 * class loader. Nothing in the global registry is changed here; it is only read for the JDK's own
 * readers (module {@code java.desktop}). Formats with no magic bytes (WBMP) are left out, so random
 * bytes are refused as unsupported.
 */
final class ImageReaders {
    private static final List<ImageReaderSpi> READERS = readers();

    private ImageReaders() {}

    /** A new reader for the image in {@code input}, or null when no reader recognises it. */
    static ImageReader forInput(ImageInputStream input) throws IOException {
        for (ImageReaderSpi spi : READERS) {
            if (recognises(spi, input)) {
                return spi.createReaderInstance();
            }
        }
        return null;
    }

    /** Whether {@code spi} recognises the header; too short an input is not recognised. */
    private static boolean recognises(ImageReaderSpi spi, ImageInputStream input)
            throws IOException {
        input.mark();
        try {
            return spi.canDecodeInput(input);
        } catch (IOException e) {
            return false;
        } finally {
            input.reset();
        }
    }

    private static List<ImageReaderSpi> readers() {
        Map<String, ImageReaderSpi> jdk = jdkReaders();
        // TwelveMonkeys' JPEG reader decodes through the JDK's and finds it when it is registered
        ServiceRegistry registry =
                new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());
        registry.registerServiceProvider(required(jdk, "jpeg"), ImageReaderSpi.class);
        JPEGImageReaderSpi jpeg = new JPEGImageReaderSpi();
        registry.registerServiceProvider(jpeg, ImageReaderSpi.class);
        if (!registry.contains(jpeg)) {
            throw new IllegalStateException("TwelveMonkeys' JPEG reader did not find the JDK's");
        }
        List<ImageReaderSpi> readers = new ArrayList<>();
        readers.add(jpeg);
        readers.add(required(jdk, "png"));
        readers.add(required(jdk, "gif"));
        readers.add(required(jdk, "bmp"));
        readers.add(new WebPImageReaderSpi());
        readers.add(new TIFFImageReaderSpi());
        return List.copyOf(readers);
    }

    /** The JDK's built-in readers by lower-case format name. */
    private static Map<String, ImageReaderSpi> jdkReaders() {
        Map<String, ImageReaderSpi> byFormat = new TreeMap<>();
        Iterator<ImageReaderSpi> all =
                IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, false);
        while (all.hasNext()) {
            ImageReaderSpi spi = all.next();
            if ("java.desktop".equals(spi.getClass().getModule().getName())) {
                for (String name : spi.getFormatNames()) {
                    byFormat.putIfAbsent(name.toLowerCase(Locale.ROOT), spi);
                }
            }
        }
        return byFormat;
    }

    private static ImageReaderSpi required(Map<String, ImageReaderSpi> jdk, String format) {
        ImageReaderSpi spi = jdk.get(format);
        if (spi == null) {
            throw new IllegalStateException("this JDK has no built-in " + format + " reader");
        }
        return spi;
    }
}
