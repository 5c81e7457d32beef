package dev.flinfer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PreprocessorConfig config(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return PreprocessorConfig.parse(node, "test/preprocessor_config.json");
    }

    @Test
    void rescaleAndNormalizeGiveHandComputedValuesInChwOrder() throws Exception {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);
        image.setRGB(1, 0, 0x00FF00);
        image.setRGB(0, 1, 0x0000FF);
        image.setRGB(1, 1, 0x808080);
        ImagePreprocessor preprocessor =
                new ImagePreprocessor(
                        config(
                                "{\"size\": {\"height\": 2, \"width\": 2},"
                                        + " \"resample\": 0, \"rescale_factor\": 0.00392156862745098,"
                                        + " \"image_mean\": [0.5, 0.5, 0.5], \"image_std\": [0.5, 0.5, 0.5]}"));
        float[] t = preprocessor.toTensor(image);
        assertThat(t).hasSize(12);
        // red plane: pixel (0,0) is 255 -> 1.0, (1,0) is 0 -> -1.0; grey 128 -> 0.0039
        assertThat(t[0]).isCloseTo(1f, within(1e-5f));
        assertThat(t[1]).isCloseTo(-1f, within(1e-5f));
        assertThat(t[3]).isCloseTo(128 / 127.5f - 1, within(1e-5f));
        // green plane starts at 4, blue at 8
        assertThat(t[4 + 1]).isCloseTo(1f, within(1e-5f));
        assertThat(t[8 + 2]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void bgrSwapsTheFirstAndThirdPlanes() throws Exception {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000);
        float[] t =
                new ImagePreprocessor(
                                config(
                                        "{\"size\": {\"height\": 1, \"width\": 1},"
                                                + " \"flinfer_channel_order\": \"bgr\", \"image_mean\": [0,0,0], \"image_std\": [1,1,1]}"))
                        .toTensor(image);
        assertThat(t[0]).isEqualTo(0f);
        assertThat(t[2]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void shortestEdgeKeepsTheAspectRatioAndCenterCropCutsTheMiddle() throws Exception {
        BufferedImage image = TestImages.halves(200, 100, BufferedImage.TYPE_INT_RGB);
        ImagePreprocessor preprocessor =
                new ImagePreprocessor(
                        config(
                                "{\"size\": {\"shortest_edge\": 50},"
                                        + " \"do_center_crop\": true, \"crop_size\": {\"height\": 50, \"width\": 50}}"));
        assertThat(preprocessor.height()).isEqualTo(50);
        assertThat(preprocessor.width()).isEqualTo(50);
        float[] t = preprocessor.toTensor(image);
        // resized to 100x50, the middle 50 columns: left 25 red, right 25 blue
        assertThat(t[25 * 50 + 5]).isGreaterThan(0.9f);
        assertThat(t[25 * 50 + 45]).isLessThan(-0.9f);
    }

    @Test
    void keepAspectPadResizesToTheHeightAndPadsWithZeros() throws Exception {
        BufferedImage image = TestImages.halves(48, 24, BufferedImage.TYPE_INT_RGB);
        ImagePreprocessor preprocessor =
                new ImagePreprocessor(
                        config(
                                "{\"size\": {\"height\": 48, \"width\":"
                                        + " 192}, \"flinfer_keep_aspect_pad\": true}"));
        float[] t = preprocessor.toTensor(image);
        // 48x24 becomes 96x48; columns 96.. are padding
        assertThat(t[10 * 192 + 10]).isGreaterThan(0.9f);
        assertThat(t[10 * 192 + 150]).isEqualTo(0f);
        assertThat(t[2 * 48 * 192 + 10 * 192 + 150]).isEqualTo(0f);
    }

    @Test
    void badConfigsNameTheFileAndTheField() {
        assertThatThrownBy(() -> config("{\"size\": {\"shortest_edge\": 224}}"))
                .hasMessageContaining("test/preprocessor_config.json")
                .hasMessageContaining("size");
        assertThatThrownBy(() -> config("{\"size\": {\"height\": 0, \"width\": 4}}"))
                .hasMessageContaining("size.height");
        assertThatThrownBy(() -> config("{\"size\": 4, \"image_std\": [1, 0, 1]}"))
                .hasMessageContaining("image_std");
        assertThatThrownBy(() -> config("{\"size\": 4, \"flinfer_channel_order\": \"gbr\"}"))
                .hasMessageContaining("gbr");
    }
}
