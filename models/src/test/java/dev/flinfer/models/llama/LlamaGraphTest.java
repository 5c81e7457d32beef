package dev.flinfer.models.llama;

import static dev.flinfer.models.decoder.DecoderChecks.assertPresentsMatch;
import static dev.flinfer.models.decoder.DecoderChecks.maxAbsDifference;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.TensorInfo;
import dev.flinfer.models.decoder.DecoderCache;
import dev.flinfer.models.decoder.DecoderOrt;
import dev.flinfer.models.decoder.DecoderOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated Llama graph, run by ONNX Runtime, computes what the plain-Java forward pass of the
 * same weights computes (RoPE, RMSNorm, grouped-query attention, SwiGLU): logits and presents, for
 * a left-padded prefill of mixed lengths and for a step with a past; its cache has the key/value
 * heads only.
 */
class LlamaGraphTest {
    private static final LlamaConfig CONFIG = LlamaConfig.tinyMiniLm();
    private static LlamaForward java;
    private static DecoderOrt onnx;

    @BeforeAll
    static void build() throws Exception {
        LlamaWeights weights = LlamaWeights.generate(CONFIG);
        java = new LlamaForward(CONFIG, weights);
        onnx = new DecoderOrt(CONFIG.dims(), LlamaGraph.build(CONFIG, weights).toByteArray());
    }

    @AfterAll
    static void close() throws Exception {
        onnx.close();
    }

    /** ONNX Runtime and the Java pass agree on one call; returns the Java pass's output. */
    private static DecoderOutput bothAgree(
            long[][] ids, long[][] mask, long[][] pos, DecoderCache past) throws Exception {
        DecoderOutput fromOnnx = onnx.run(ids, mask, pos, past);
        DecoderOutput fromJava = java.run(ids, mask, pos, past);
        assertThat(fromOnnx.logits()[0][0]).hasSize(CONFIG.vocabSize());
        assertThat(maxAbsDifference(fromOnnx.logits(), fromJava.logits()))
                .isLessThanOrEqualTo(1e-4);
        assertPresentsMatch(fromOnnx.present(), fromJava.present(), mask[0].length);
        return fromJava;
    }

    @Test
    void aLeftPaddedPrefillOfMixedLengthsMatchesThePlainJavaForwardPass() throws Exception {
        long[][] ids = {
            {0, 0, 4937, 2003, 2307, 1012, 2009},
            {2023, 2003, 1037, 2200, 2146, 6251, 1012},
            {0, 0, 0, 0, 0, 0, 7592}
        };
        long[][] mask = {{0, 0, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1}, {0, 0, 0, 0, 0, 0, 1}};
        long[][] positions = {{0, 0, 0, 1, 2, 3, 4}, {0, 1, 2, 3, 4, 5, 6}, {0, 0, 0, 0, 0, 0, 0}};
        bothAgree(ids, mask, positions, DecoderCache.empty(CONFIG.dims(), 3));
    }

    @Test
    void aStepWithAPastMatchesThePlainJavaForwardPass() throws Exception {
        long[][] mask = {{0, 1, 1}, {1, 1, 1}};
        DecoderCache past =
                bothAgree(
                                new long[][] {{0, 2154, 2003}, {1996, 3899, 2001}},
                                mask,
                                new long[][] {{0, 0, 1}, {0, 1, 2}},
                                DecoderCache.empty(CONFIG.dims(), 2))
                        .present();
        DecoderOutput step =
                bothAgree(
                        new long[][] {{4138}, {2058}},
                        new long[][] {{0, 1, 1, 1}, {1, 1, 1, 1}},
                        new long[][] {{2}, {3}},
                        past);
        assertThat(step.present().length()).isEqualTo(4);
    }

    @Test
    void inputsAndOutputsHaveOptimumsNamesAndTheCacheTheKeyValueHeads() throws Exception {
        var inputs = onnx.session().getInputInfo();
        assertThat(inputs.keySet())
                .containsExactly(
                        "input_ids",
                        "attention_mask",
                        "position_ids",
                        "past_key_values.0.key",
                        "past_key_values.0.value",
                        "past_key_values.1.key",
                        "past_key_values.1.value");
        assertThat(onnx.session().getOutputInfo().keySet())
                .containsExactly(
                        "logits",
                        "present.0.key",
                        "present.0.value",
                        "present.1.key",
                        "present.1.value");
        for (String name : new String[] {"past_key_values.1.value", "present.0.key"}) {
            TensorInfo info =
                    (TensorInfo)
                            (name.startsWith("past")
                                            ? inputs.get(name)
                                            : onnx.session().getOutputInfo().get(name))
                                    .getInfo();
            assertThat(info.getShape()).as(name).containsExactly(-1, 2, -1, 16);
        }
        assertThat(CONFIG.heads()).isEqualTo(4);
    }
}
