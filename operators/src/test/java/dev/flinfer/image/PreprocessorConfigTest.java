package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** preprocessor_config.json as Hugging Face writes it, and what each field does to the tensor. */
class PreprocessorConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PreprocessorConfig parse(String json) throws Exception {
        return PreprocessorConfig.parse(JSON.readTree(json), "vit/preprocessor_config.json");
    }

    private static BufferedImage white(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    @Test
    void aViTConfigIsReadFieldByField() throws Exception {
        PreprocessorConfig config =
                parse(
                        "{\"do_normalize\": true, \"do_rescale\": true, \"do_resize\": true,"
                                + " \"image_mean\": [0.485, 0.456, 0.406], \"image_std\": [0.229, 0.224, 0.225],"
                                + " \"resample\": 3, \"rescale_factor\": 0.00392156862745098,"
                                + " \"size\": {\"height\": 224, \"width\": 224}, \"image_processor_type\": \"ViTImageProcessor\"}");
        assertThat(config.doResize()).isTrue();
        assertThat(config.height()).isEqualTo(224);
        assertThat(config.width()).isEqualTo(224);
        assertThat(config.shortestEdge()).isZero();
        assertThat(config.resample()).isEqualTo(PreprocessorConfig.Resample.BICUBIC);
        assertThat(config.doCenterCrop()).isFalse();
        assertThat(config.rescaleFactor()).isCloseTo(1 / 255f, within(1e-9f));
        assertThat(config.imageMean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(config.imageStd()).containsExactly(0.229f, 0.224f, 0.225f);
        assertThat(config.outputHeight()).isEqualTo(224);
        assertThat(config.keepAspectPad()).isFalse();
        assertThat(config.bgr()).isFalse();
    }

    @Test
    void integerSizesAreSquareAndPilFilterCodesMapToThreeFilters() throws Exception {
        PreprocessorConfig config = parse("{\"size\": 384, \"resample\": 0}");
        assertThat(config.outputHeight()).isEqualTo(384);
        assertThat(config.outputWidth()).isEqualTo(384);
        assertThat(config.resample()).isEqualTo(PreprocessorConfig.Resample.NEAREST);
        assertThat(parse("{\"size\": 8, \"resample\": 2}").resample())
                .isEqualTo(PreprocessorConfig.Resample.BILINEAR);
        assertThat(parse("{\"size\": 8, \"resample\": 1}").resample())
                .isEqualTo(PreprocessorConfig.Resample.BILINEAR); // Lanczos
        assertThat(parse("{\"size\": 8}").resample())
                .isEqualTo(PreprocessorConfig.Resample.BILINEAR);
        PreprocessorConfig cropped =
                parse(
                        "{\"size\": {\"shortest_edge\": 256}, \"do_center_crop\": true, \"crop_size\": 224}");
        assertThat(cropped.outputHeight()).isEqualTo(224);
        assertThat(cropped.outputWidth()).isEqualTo(224);
    }

    @Test
    void withoutRescaleOrNormalizeTheValuesPassThrough() throws Exception {
        PreprocessorConfig config =
                parse("{\"size\": 2, \"do_rescale\": false, \"do_normalize\": false}");
        assertThat(config.rescaleFactor()).isEqualTo(1f);
        assertThat(config.imageMean()).containsExactly(0f, 0f, 0f);
        assertThat(config.imageStd()).containsExactly(1f, 1f, 1f);
        float[] tensor = new ImagePreprocessor(config).toTensor(white(2, 2));
        assertThat(tensor).containsOnly(255f);
    }

    @Test
    void shortestEdgeGivesTheSizeHuggingFaceGives() throws Exception {
        // HF: short side = 224, long side = int(224 * 640 / 480) = int(298.67) = 298.
        // A crop one pixel wider than that has exactly one padded (zero) column.
        String template =
                "{\"size\": {\"shortest_edge\": 224}, \"do_normalize\": false, \"do_center_crop\": true, \"crop_size\": {\"height\": %d, \"width\": %d}}";
        float[] exact =
                new ImagePreprocessor(parse(String.format(template, 224, 298)))
                        .toTensor(white(640, 480));
        assertThat(exact).containsOnly(1f);
        float[] wider =
                new ImagePreprocessor(parse(String.format(template, 224, 299)))
                        .toTensor(white(640, 480));
        assertThat(wider[297]).isEqualTo(1f);
        assertThat(wider[298]).isEqualTo(0f); // row 0, last column
        float[] taller =
                new ImagePreprocessor(parse(String.format(template, 299, 224)))
                        .toTensor(white(480, 640));
        assertThat(taller[297 * 224]).isEqualTo(1f);
        assertThat(taller[298 * 224]).isEqualTo(0f); // last row
    }

    @Test
    void aBatchIsFilledInPlaceAtEachImagesOffset() throws Exception {
        ImagePreprocessor preprocessor =
                new ImagePreprocessor(parse("{\"size\": 2, \"do_normalize\": false}"));
        int one = 3 * preprocessor.height() * preprocessor.width();
        float[] batch = new float[3 * one];
        preprocessor.toTensor(white(5, 3), batch, one);
        assertThat(Arrays.copyOfRange(batch, 0, one)).containsOnly(0f);
        assertThat(Arrays.copyOfRange(batch, one, 2 * one)).containsOnly(1f);
        assertThat(Arrays.copyOfRange(batch, 2 * one, 3 * one)).containsOnly(0f);
    }

    @Test
    void aTwoByTwoImageResizedToOnePixelAveragesItsPixels() throws Exception {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xC80000); // red 200
        image.setRGB(1, 0, 0x640000); // red 100
        image.setRGB(0, 1, 0x000000);
        image.setRGB(1, 1, 0x000000);
        float[] t =
                new ImagePreprocessor(
                                parse(
                                        "{\"size\": 1, \"resample\": 2, \"image_mean\": [0.5, 0.5, 0.5], \"image_std\": [0.5, 0.5, 0.5]}"))
                        .toTensor(image);
        // bilinear 2 -> 1 weighs both samples 1/2 (Pillow widens the filter when shrinking):
        // rows (200 + 100) / 2 = 150 and 0, then (150 + 0) / 2 = 75; (75 / 255 - 0.5) / 0.5
        assertThat(t[0]).isCloseTo(75 / 127.5f - 1, within(1e-5f));
        assertThat(t[1]).isCloseTo(-1f, within(1e-5f));
        assertThat(t[2]).isCloseTo(-1f, within(1e-5f));
    }

    @Test
    void badFieldsAreNamedWithTheFile() {
        assertThatThrownBy(() -> parse("{\"do_resize\": true}"))
                .hasMessageContaining("vit/preprocessor_config.json")
                .hasMessageContaining("'size'");
        assertThatThrownBy(() -> parse("{\"size\": 4, \"image_mean\": [0.5, 0.5]}"))
                .hasMessageContaining("image_mean");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "{\"size\": 4, \"do_center_crop\": true, \"crop_size\": {\"height\": 3}}"))
                .hasMessageContaining("crop_size");
        assertThatThrownBy(() -> parse("{\"size\": 4, \"resample\": \"bicubic\"}"))
                .hasMessageContaining("resample");
        assertThatThrownBy(
                        () ->
                                parse(
                                        "{\"size\": {\"shortest_edge\": 4}, \"flinfer_keep_aspect_pad\": true, \"do_center_crop\": true, \"crop_size\": 4}"))
                .hasMessageContaining("flinfer_keep_aspect_pad");
        assertThatThrownBy(() -> PreprocessorConfig.parse(null, "x.json"))
                .hasMessageContaining("x.json");
    }
}
