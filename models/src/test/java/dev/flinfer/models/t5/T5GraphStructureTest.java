package dev.flinfer.models.t5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated files carry Optimum's input and output names and types, and one If. */
class T5GraphStructureTest {
    private static ModelProto read(String file) throws Exception {
        try (InputStream in = Files.newInputStream(T5Ort.bundle().resolve(file))) {
            return ModelProto.parseFrom(in);
        }
    }

    private static List<String> names(List<ValueInfoProto> values) {
        return values.stream().map(ValueInfoProto::getName).toList();
    }

    private static int type(GraphProto g, String input) {
        return g.getInputList().stream()
                .filter(v -> v.getName().equals(input))
                .findFirst()
                .orElseThrow()
                .getType()
                .getTensorType()
                .getElemType();
    }

    private static List<String> presents(boolean encoder) {
        List<String> names = new ArrayList<>();
        names.add("logits");
        for (String past : T5Ort.pastNames(encoder)) {
            names.add(past.replace("past_key_values.", "present."));
        }
        return names;
    }

    @Test
    void theEncoderTakesIdsAndMaskAndGivesTheLastHiddenState() throws Exception {
        GraphProto g = read(T5Generator.ENCODER_FILE).getGraph();
        assertThat(names(g.getInputList())).containsExactly("input_ids", "attention_mask");
        assertThat(type(g, "input_ids")).isEqualTo(DataType.INT64.getNumber());
        assertThat(type(g, "attention_mask")).isEqualTo(DataType.INT64.getNumber());
        assertThat(names(g.getOutputList())).containsExactly("last_hidden_state");
    }

    @Test
    void theMergedDecoderIsOneIfOnUseCacheBranchOverBothDecoders() throws Exception {
        GraphProto g = read(T5Generator.MERGED_DECODER_FILE).getGraph();
        List<String> inputs = new ArrayList<>();
        inputs.add("input_ids");
        inputs.add("encoder_attention_mask");
        inputs.add("encoder_hidden_states");
        inputs.addAll(T5Ort.pastNames(true));
        inputs.add("use_cache_branch");
        assertThat(names(g.getInputList())).containsExactlyElementsOf(inputs);
        assertThat(type(g, "use_cache_branch")).isEqualTo(DataType.BOOL.getNumber());
        assertThat(type(g, "past_key_values.1.encoder.value"))
                .isEqualTo(DataType.FLOAT.getNumber());
        assertThat(names(g.getOutputList())).containsExactlyElementsOf(presents(true));
        assertThat(g.getNodeList()).hasSize(1);
        NodeProto node = g.getNode(0);
        assertThat(node.getOpType()).isEqualTo("If");
        assertThat(node.getInputList()).containsExactly("use_cache_branch");
        assertThat(node.getAttributeList())
                .allSatisfy(a -> assertThat(a.getG().getOutputCount()).isEqualTo(9));
        assertThat(g.getInitializerList())
                .filteredOn(t -> t.getName().equals("shared.weight"))
                .hasSize(1);
    }

    @Test
    void thePairSplitsTheDecoderAsOptimumDoes() throws Exception {
        GraphProto first = read(T5Generator.DECODER_FILE).getGraph();
        assertThat(names(first.getInputList()))
                .containsExactly("input_ids", "encoder_attention_mask", "encoder_hidden_states");
        assertThat(names(first.getOutputList())).containsExactlyElementsOf(presents(true));
        GraphProto withPast = read(T5Generator.DECODER_WITH_PAST_FILE).getGraph();
        List<String> inputs = new ArrayList<>(List.of("input_ids", "encoder_attention_mask"));
        inputs.addAll(T5Ort.pastNames(true));
        assertThat(names(withPast.getInputList())).containsExactlyElementsOf(inputs);
        assertThat(names(withPast.getOutputList())).containsExactlyElementsOf(presents(false));
    }
}
