package dev.flinfer.models.vit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.TensorInfo;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written model.onnx is an opset 17 ViT graph with a symbolic batch dimension. */
class VitGraphStructureTest {

    private static ModelProto read(Path bundle) throws Exception {
        try (InputStream in = Files.newInputStream(bundle.resolve(VitBundleWriter.MODEL_FILE))) {
            return ModelProto.parseFrom(in);
        }
    }

    private static TensorShapeProto shape(ValueInfoProto value) {
        return value.getType().getTensorType().getShape();
    }

    @Test
    void theGraphIsOpset17AndIrVersion8WithASymbolicBatch(@TempDir Path dir) throws Exception {
        VitConfig config = VitConfig.small(2);
        VitGenerator.generate(config, dir, false);
        ModelProto model = read(dir);
        assertThat(model.getIrVersion()).isEqualTo(8);
        assertThat(model.getOpsetImportList()).hasSize(1);
        assertThat(model.getOpsetImport(0).getDomain()).isEmpty();
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
        ValueInfoProto input = model.getGraph().getInput(0);
        ValueInfoProto output = model.getGraph().getOutput(0);
        assertThat(input.getName()).isEqualTo("pixel_values");
        assertThat(output.getName()).isEqualTo("logits");
        assertThat(shape(input).getDim(0).getDimParam()).isEqualTo("batch");
        assertThat(shape(input).getDimList().subList(1, 4))
                .extracting(TensorShapeProto.Dimension::getDimValue)
                .containsExactly(3L, 32L, 32L);
        assertThat(shape(output).getDim(0).getDimParam()).isEqualTo("batch");
        assertThat(shape(output).getDim(1).getDimValue()).isEqualTo(2);
        try (OrtRunner onnx = new OrtRunner(dir, config)) {
            TensorInfo info =
                    (TensorInfo) onnx.session().getInputInfo().get("pixel_values").getInfo();
            assertThat(info.getShape()).containsExactly(-1, 3, 32, 32);
        }
    }

    @Test
    void theGraphHasTheViTBuildingBlocks(@TempDir Path dir) throws Exception {
        VitConfig config = VitConfig.small(2);
        VitGenerator.generate(config, dir, false);
        ModelProto model = read(dir);
        assertThat(model.getGraph().getNodeList())
                .extracting(NodeProto::getOpType)
                .contains("Conv", "Expand", "Concat", "LayerNormalization", "Softmax", "Erf")
                .filteredOn("LayerNormalization"::equals)
                .hasSize(2 * config.layers() + 1);
        assertThat(model.getGraph().getInitializerList())
                .extracting(t -> t.getName())
                .contains("cls_token", "position_embeddings", "patch.weight", "head.weight");
    }
}
