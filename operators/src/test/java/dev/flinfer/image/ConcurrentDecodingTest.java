package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.record.BadRecordException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One decoder shared by several threads decodes every image right. */
class ConcurrentDecodingTest {
    @Test
    @Timeout(60)
    void oneDecoderServesSeveralThreadsAtOnce() throws Exception {
        ImageDecoder shared = new ImageDecoder(ImageLimits.DEFAULT);
        BufferedImage source = TestImages.halves(48, 32, BufferedImage.TYPE_INT_RGB);
        List<byte[]> images =
                List.of(
                        TestImages.encode(source, "jpg"),
                        TestImages.encode(source, "png"),
                        TestImages.encode(source, "bmp"),
                        HandMadeImages.tiff(source, 1),
                        TestImages.encode(
                                TestImages.halves(48, 32, BufferedImage.TYPE_BYTE_INDEXED), "gif"),
                        new byte[] {1, 2, 3}); // one bad record among them
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(
                        threads.submit(
                                () -> {
                                    int good = 0;
                                    for (int round = 0; round < 40; round++) {
                                        for (byte[] bytes : images) {
                                            try {
                                                BufferedImage image = shared.decode(bytes);
                                                assertThat(new Color(image.getRGB(8, 16)).getRed())
                                                        .isGreaterThan(200);
                                                assertThat(
                                                                new Color(image.getRGB(40, 16))
                                                                        .getBlue())
                                                        .isGreaterThan(200);
                                                good++;
                                            } catch (BadRecordException e) {
                                                assertThat(e.code())
                                                        .isEqualTo(ImageErrors.UNSUPPORTED);
                                            }
                                        }
                                    }
                                    return good;
                                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(40 * 5);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
