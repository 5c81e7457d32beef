package dev.flinfer.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.textembedding.TextEmbeddingModel;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bundled bge-small-en-v1.5 and e5-small-v2 against an independent computation of the same
 * embedding: the tokenizer and ONNX Runtime called directly, the pooling written here (bge: the
 * [CLS] vector; e5: the mean over the mask, after "passage: "), L2-normalised. Texts go one at a
 * time on both sides: these int8 models are not batch-invariant.
 */
class BundledEncodersTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final List<String> TEXTS =
            List.of(
                    "How do I bake banana bread?",
                    "Mash three ripe bananas, mix with flour, sugar, butter and an egg, and bake for an"
                            + " hour at 175 degrees.",
                    "This laptop has 32 GB of memory and a fast processor for programming.",
                    "x");

    @ParameterizedTest
    @CsvSource({"bge-small-en-v1.5, cls, ''", "e5-small-v2, mean, 'passage: '"})
    void embeddingMatchesTokenizerPlusOnnxRuntimePlusPoolingDoneByHand(
            String name, String pooling, String prefix) throws Exception {
        ModelBundle bundle = ModelCatalog.resolve(name);
        assertThat(bundle.config().path(TextEmbeddingModel.POOLING).asText()).isEqualTo(pooling);
        try (TextEmbeddingModel model = TextEmbeddingModel.open(bundle, SessionSettings.cpu(1));
                HuggingFaceTokenizer tokenizer =
                        HuggingFaceTokenizer.builder()
                                .optTokenizerPath(bundle.requireFile(ModelBundle.TOKENIZER))
                                .optAddSpecialTokens(true)
                                .optPadding(false)
                                .optTruncation(false)
                                .build();
                OrtSession session =
                        ENV.createSession(
                                bundle.modelPath().toString(), new OrtSession.SessionOptions())) {
            assertThat(model.dimension()).isEqualTo(384);
            for (String text : TEXTS) {
                float[] ours = model.embed(List.of(model.tokenize(text)))[0];
                float[] reference =
                        reference(session, tokenizer.encode(prefix + text), pooling.equals("cls"));
                double diff = 0;
                for (int i = 0; i < ours.length; i++) {
                    diff = Math.max(diff, Math.abs(ours[i] - reference[i]));
                }
                assertThat(diff).as(name + " '" + text + "'").isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"bge-small-en-v1.5", "e5-small-v2"})
    void aQuestionIsNearerToItsAnswerThanToAnUnrelatedText(String name) throws Exception {
        try (TextEmbeddingModel model =
                TextEmbeddingModel.open(ModelCatalog.resolve(name), SessionSettings.cpu(1))) {
            float[][] v = new float[3][];
            for (int i = 0; i < 3; i++) {
                v[i] = model.embed(List.of(model.tokenize(TEXTS.get(i))))[0];
            }
            assertThat(dot(v[0], v[1])).as(name).isGreaterThan(dot(v[0], v[2]) + 0.05);
        }
    }

    @Test
    void e5PutsPassagePrefixBeforeEveryText() throws Exception {
        try (TextEmbeddingModel model =
                        TextEmbeddingModel.open(
                                ModelCatalog.resolve("e5-small-v2"), SessionSettings.cpu(1));
                HuggingFaceTokenizer tokenizer =
                        HuggingFaceTokenizer.builder()
                                .optTokenizerPath(
                                        ModelCatalog.resolve("e5-small-v2")
                                                .requireFile(ModelBundle.TOKENIZER))
                                .optAddSpecialTokens(true)
                                .build()) {
            assertThat(model.tokenize("hello").ids())
                    .containsExactly(tokenizer.encode("passage: hello").getIds());
        }
    }

    @Test
    void aTaskCanPutTheQueryPrefixInsteadOfTheBundlesOwn() throws Exception {
        ModelBundle e5 = ModelCatalog.resolve("e5-small-v2");
        try (TextEmbeddingModel model =
                        TextEmbeddingModel.open(e5, SessionSettings.cpu(1), "query: ");
                HuggingFaceTokenizer tokenizer =
                        HuggingFaceTokenizer.builder()
                                .optTokenizerPath(e5.requireFile(ModelBundle.TOKENIZER))
                                .optAddSpecialTokens(true)
                                .build()) {
            assertThat(model.tokenize("hello").ids())
                    .containsExactly(tokenizer.encode("query: hello").getIds());
            // the prefix alone is no text: the empty-text rule counts its tokens as special
            assertThatThrownBy(() -> model.prepare("\u200b")).hasMessageContaining("no tokens");
        }
    }

    @Test
    void unknownPoolingFailsAtOpenNamingTheConfigFile(@TempDir Path dir) throws Exception {
        ModelBundle bge = ModelCatalog.resolve("bge-small-en-v1.5");
        for (String file : List.of(ModelBundle.MODEL, ModelBundle.TOKENIZER)) {
            Files.copy(bge.directory().resolve(file), dir.resolve(file));
        }
        Files.writeString(dir.resolve(ModelBundle.CONFIG), "{\"flinfer_pooling\": \"max\"}");
        assertThatThrownBy(
                        () ->
                                TextEmbeddingModel.open(
                                        ModelBundle.open(dir), SessionSettings.cpu(1)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(dir.resolve(ModelBundle.CONFIG).toString())
                .hasMessageContaining("flinfer_pooling must be mean or cls, got 'max'");
    }

    private static float[] reference(OrtSession session, Encoding encoding, boolean cls)
            throws Exception {
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        long[] types = encoding.getTypeIds();
        long[] shape = {1, ids.length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OnnxTensor a = OnnxTensor.createTensor(ENV, java.nio.LongBuffer.wrap(ids), shape);
                OnnxTensor b = OnnxTensor.createTensor(ENV, java.nio.LongBuffer.wrap(mask), shape);
                OnnxTensor c =
                        OnnxTensor.createTensor(ENV, java.nio.LongBuffer.wrap(types), shape)) {
            inputs.put("input_ids", a);
            inputs.put("attention_mask", b);
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", c);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor hidden = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
                FloatBuffer values = hidden.getFloatBuffer();
                int dim = (int) hidden.getInfo().getShape()[2];
                float[] out = new float[dim];
                int tokens = cls ? 1 : ids.length;
                for (int t = 0; t < tokens; t++) {
                    for (int d = 0; d < dim; d++) {
                        out[d] += values.get(t * dim + d) / tokens;
                    }
                }
                double norm = Math.sqrt(dot(out, out));
                for (int d = 0; d < dim; d++) {
                    out[d] /= (float) norm;
                }
                return out;
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
