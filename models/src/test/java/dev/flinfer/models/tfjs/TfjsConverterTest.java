package dev.flinfer.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsConverterTest {
    @TempDir Path dir;

    @Test
    void convertedTinyModelMatchesPlainJavaForwardPassOnOnnxRuntime() throws Exception {
        TinyLayersModel tiny = new TinyLayersModel();
        ModelProto onnx = TfjsConverter.convert(tiny.artifacts(), "probabilities");
        Path file = dir.resolve("model.onnx");
        Files.write(file, onnx.toByteArray());
        Random random = new Random(5);
        int batch = 3;
        float[] nchw = new float[batch * 3 * 8 * 9];
        float[][] expected = new float[batch][];
        for (int n = 0; n < batch; n++) {
            float[] nhwc = new float[8 * 9 * 3];
            for (int i = 0; i < nhwc.length; i++) {
                nhwc[i] = random.nextFloat();
            }
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 9; x++) {
                    for (int c = 0; c < 3; c++) {
                        nchw[((n * 3 + c) * 8 + y) * 9 + x] = nhwc[(y * 9 + x) * 3 + c];
                    }
                }
            }
            expected[n] = KerasReference.forward(tiny.weights, nhwc);
        }
        try (NsfwOnnx ort = new NsfwOnnx(file)) {
            float[][] actual = ort.run(nchw, new long[] {batch, 3, 8, 9});
            for (int n = 0; n < batch; n++) {
                for (int i = 0; i < 3; i++) {
                    assertThat(actual[n][i])
                            .as("image %d class %d", n, i)
                            .isCloseTo(expected[n][i], org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
        }
    }

    @Test
    void graphTakesPixelValuesNchwWithDynamicBatch() {
        ModelProto onnx = TfjsConverter.convert(new TinyLayersModel().artifacts(), "probabilities");
        var shape = onnx.getGraph().getInput(0).getType().getTensorType().getShape();
        assertThat(onnx.getGraph().getInput(0).getName()).isEqualTo("pixel_values");
        assertThat(shape.getDim(0).getDimParam()).isEqualTo("batch");
        assertThat(shape.getDimList().subList(1, 4))
                .extracting(d -> d.getDimValue())
                .containsExactly(3L, 8L, 9L);
        assertThat(onnx.getGraph().getOutput(0).getName()).isEqualTo("probabilities");
    }

    @Test
    void unknownLayerTypeFailsNamingTheLayerAndItsType() {
        TinyLayersModel tiny = new TinyLayersModel();
        tiny.layer("lstm_1", "LSTM", "soft");
        assertThatThrownBy(() -> TfjsConverter.convert(tiny.artifacts(), "out"))
                .hasMessageContaining("lstm_1")
                .hasMessageContaining("LSTM");
    }

    @Test
    void missingWeightFailsNamingIt() {
        TinyLayersModel tiny = new TinyLayersModel();
        ObjectNode config = tiny.layer("d3", "Dense", "soft").put("units", 2);
        config.put("use_bias", false);
        assertThatThrownBy(() -> TfjsConverter.convert(tiny.artifacts(), "out"))
                .hasMessageContaining("d3/kernel");
    }
}
