package dev.flinfer.models.zeroshot;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Embeds texts with the real encoder, one text at a time (no padding): tokenizer, ONNX Runtime,
 * mean pooling over the attention mask and L2 normalisation, as sentence-transformers does for
 * all-MiniLM-L6-v2.
 */
final class DescriptionEncoder implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession session;

    DescriptionEncoder(Path modelFile, Path tokenizerFile) throws IOException, OrtException {
        this.tokenizer =
                HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of("padding", "false"));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            this.session =
                    OrtEnvironment.getEnvironment().createSession(modelFile.toString(), options);
        }
    }

    /** The last hidden state of one text, [tokens][hidden], and its attention mask. */
    HiddenState encode(String text) throws OrtException {
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        long[] types = encoding.getTypeIds();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            feeds.put("input_ids", OnnxTensor.createTensor(env, new long[][] {ids}));
            feeds.put("attention_mask", OnnxTensor.createTensor(env, new long[][] {mask}));
            if (session.getInputNames().contains("token_type_ids")) {
                feeds.put("token_type_ids", OnnxTensor.createTensor(env, new long[][] {types}));
            }
            try (OrtSession.Result result = session.run(feeds)) {
                float[][][] hidden = (float[][][]) result.get("last_hidden_state").get().getValue();
                return new HiddenState(hidden[0], mask);
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** The unit-norm sentence embedding of {@code text}. */
    float[] embed(String text) throws OrtException {
        return encode(text).meanPooledNormalised();
    }

    /** The unit-norm mean of the unit-norm embeddings of {@code texts}. */
    float[] prototype(List<String> texts) throws OrtException {
        float[] sum = null;
        for (String text : texts) {
            float[] e = embed(text);
            if (sum == null) {
                sum = new float[e.length];
            }
            for (int i = 0; i < e.length; i++) {
                sum[i] += e[i];
            }
        }
        return HiddenState.normalise(sum);
    }

    @Override
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }
}
