package dev.flinfer.models.gpt;

import static dev.flinfer.models.decoder.DecoderChecks.assertPresentsMatch;
import static dev.flinfer.models.decoder.DecoderChecks.maxAbsDifference;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import dev.flinfer.models.decoder.DecoderCache;
import dev.flinfer.models.decoder.DecoderOrt;
import dev.flinfer.models.decoder.DecoderOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated ONNX graph, run by ONNX Runtime, computes what the plain-Java forward pass of the
 * same weights computes: logits and presents, for a left-padded prefill and for steps with a past.
 */
class GptGraphTest {
    private static final GptConfig CONFIG = GptConfig.tinyMiniLm();
    private static GptForward java;
    private static DecoderOrt onnx;

    @BeforeAll
    static void build() throws Exception {
        GptWeights weights = GptWeights.generate(CONFIG);
        java = new GptForward(CONFIG, weights);
        onnx = new DecoderOrt(CONFIG.dims(), GptGraph.build(CONFIG, weights).toByteArray());
    }

    @AfterAll
    static void close() throws Exception {
        onnx.close();
    }

    @Test
    void aLeftPaddedPrefillOfMixedLengthsMatchesThePlainJavaForwardPass() throws Exception {
        long[][] ids = {
            {0, 0, 0, 2023, 2003, 1037}, {7592, 2088, 1010, 2129, 2024, 2017}, {0, 0, 0, 0, 0, 4937}
        };
        long[][] mask = {{0, 0, 0, 1, 1, 1}, {1, 1, 1, 1, 1, 1}, {0, 0, 0, 0, 0, 1}};
        long[][] positions = {{0, 0, 0, 0, 1, 2}, {0, 1, 2, 3, 4, 5}, {0, 0, 0, 0, 0, 0}};
        DecoderOutput fromOnnx =
                onnx.run(ids, mask, positions, DecoderCache.empty(CONFIG.dims(), 3));
        DecoderOutput fromJava =
                java.run(ids, mask, positions, DecoderCache.empty(CONFIG.dims(), 3));
        assertThat(fromOnnx.logits()).hasDimensions(3, 6);
        assertThat(fromOnnx.logits()[2][5]).hasSize(CONFIG.vocabSize());
        assertThat(maxAbsDifference(fromOnnx.logits(), fromJava.logits()))
                .isLessThanOrEqualTo(1e-4);
        assertPresentsMatch(fromOnnx.present(), fromJava.present(), 6);
    }

    @Test
    void stepsWithAPastMatchThePlainJavaForwardPass() throws Exception {
        long[][] ids = {{0, 0, 2023, 2003}, {7592, 2088, 1010, 2129}};
        long[][] mask = {{0, 0, 1, 1}, {1, 1, 1, 1}};
        long[][] positions = {{0, 0, 0, 1}, {0, 1, 2, 3}};
        DecoderCache past =
                java.run(ids, mask, positions, DecoderCache.empty(CONFIG.dims(), 2)).present();
        // one token each, then three at once, on top of the same past
        for (long[][][] call :
                List.of(
                        new long[][][] {
                            {{1037}, {2024}}, {{0, 0, 1, 1, 1}, {1, 1, 1, 1, 1}}, {{2}, {4}}
                        },
                        new long[][][] {
                            {{1037, 2307, 2154}, {2024, 2017, 1029}},
                            {{0, 0, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1}},
                            {{2, 3, 4}, {4, 5, 6}}
                        })) {
            DecoderOutput fromOnnx = onnx.run(call[0], call[1], call[2], past);
            DecoderOutput fromJava = java.run(call[0], call[1], call[2], past);
            assertThat(maxAbsDifference(fromOnnx.logits(), fromJava.logits()))
                    .as("%d new tokens", call[0][0].length)
                    .isLessThanOrEqualTo(1e-4);
            assertPresentsMatch(fromOnnx.present(), fromJava.present(), 4 + call[0][0].length);
        }
    }

    @Test
    void inputsAndOutputsHaveOptimumsNamesAndTypes() throws Exception {
        Map<String, NodeInfo> inputs = onnx.session().getInputInfo();
        Map<String, NodeInfo> outputs = onnx.session().getOutputInfo();
        assertThat(inputs.keySet())
                .containsExactly(
                        "input_ids",
                        "attention_mask",
                        "position_ids",
                        "past_key_values.0.key",
                        "past_key_values.0.value",
                        "past_key_values.1.key",
                        "past_key_values.1.value");
        assertThat(outputs.keySet())
                .containsExactly(
                        "logits",
                        "present.0.key",
                        "present.0.value",
                        "present.1.key",
                        "present.1.value");
        for (String name : List.of("input_ids", "attention_mask", "position_ids")) {
            assertThat(type(inputs.get(name))).as(name).isEqualTo(OnnxJavaType.INT64);
        }
        assertThat(type(inputs.get("past_key_values.1.value"))).isEqualTo(OnnxJavaType.FLOAT);
        assertThat(type(outputs.get("logits"))).isEqualTo(OnnxJavaType.FLOAT);
        TensorInfo past = (TensorInfo) inputs.get("past_key_values.0.key").getInfo();
        assertThat(past.getShape()).containsExactly(-1, 4, -1, 16);
        assertThat(past.getDimensionNames())
                .containsExactly("batch", "", "past_sequence_length", "");
    }

    private static OnnxJavaType type(NodeInfo info) {
        return ((TensorInfo) info.getInfo()).type;
    }

    @Test
    void aPadQueryThatSeesNoKeyGivesFiniteLogits() throws Exception {
        long[][] ids = {{0, 0, 2023}};
        float[][][] logits =
                onnx.run(
                                ids,
                                new long[][] {{0, 0, 1}},
                                new long[][] {{0, 0, 0}},
                                DecoderCache.empty(CONFIG.dims(), 1))
                        .logits();
        for (float v : logits[0][0]) {
            assertThat(Float.isFinite(v)).isTrue();
        }
    }
}
