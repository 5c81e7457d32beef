package dev.flinfer.tasks.textembedding;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.session.TensorBuffers;
import dev.flinfer.session.TokenTensors;
import dev.flinfer.tasks.TextEncoder;
import dev.flinfer.text.EmbeddingPooling;
import dev.flinfer.text.TokenBatch;
import dev.flinfer.text.TokenizedText;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A BERT-style sentence encoder: tokenizer, ONNX Runtime session and pooling. Knows nothing of
 * Flink.
 *
 * <pre>{@code
 * try (TextEmbeddingModel model = TextEmbeddingModel.open(bundle, SessionSettings.cpu(2))) {
 *     float[][] vectors = model.embed(List.of(model.tokenize("a text"), model.tokenize("another")));
 * }
 * }</pre>
 *
 * <p>Uses the graph's {@code sentence_embedding} output when it has one, else pools {@code
 * last_hidden_state}: the mean over the attention mask, or the first ([CLS]) token where {@code
 * config.json} says {@code "flinfer_pooling": "cls"} (bge). A {@code "flinfer_text_prefix"} in
 * {@code config.json} (e5's {@code "passage: "}), or the one the task sets, goes before every text.
 * Vectors are L2-normalised. Opening runs one warm-up inference, so a model that cannot embed fails
 * at start, not on the first record.
 */
@PublicEvolving
public final class TextEmbeddingModel extends TextEncoder<float[]> {
    public static final String SENTENCE_EMBEDDING = "sentence_embedding";
    public static final String LAST_HIDDEN_STATE = "last_hidden_state";

    /** {@code config.json} key: {@code mean} (default) or {@code cls} pooling of token vectors. */
    public static final String POOLING = "flinfer_pooling";

    /** {@code config.json} key: text put before every input text (default none). */
    public static final String TEXT_PREFIX = "flinfer_text_prefix";

    private final String outputName;
    private final boolean pooledOutput;
    private final boolean clsPooling;
    private final int hiddenSize;
    private final int dimension;

    private TextEmbeddingModel(
            Parts parts, String outputName, boolean clsPooling, String textPrefix) {
        super(parts, textPrefix);
        this.outputName = outputName;
        this.clsPooling = clsPooling;
        this.pooledOutput = SENTENCE_EMBEDDING.equals(outputName);
        this.hiddenSize = pooledOutput ? 0 : hiddenSize(parts.session().outputs().get(outputName));
        this.dimension = warmUp()[0].length;
    }

    /**
     * Opens the encoder in {@code bundle}; fails naming the file when the graph is not a text
     * encoder.
     */
    public static TextEmbeddingModel open(ModelBundle bundle, SessionSettings settings) {
        return open(bundle, settings, null);
    }

    /**
     * Opens the encoder with {@code textPrefix} before every text instead of the bundle's own
     * (null: the bundle's {@code flinfer_text_prefix}, or none).
     */
    public static TextEmbeddingModel open(
            ModelBundle bundle, SessionSettings settings, String textPrefix) {
        boolean cls = clsPooling(bundle);
        String prefix =
                textPrefix != null ? textPrefix : bundle.config().path(TEXT_PREFIX).asText("");
        Parts parts = openParts(bundle, settings, "a text encoder");
        return closingOnFailure(
                parts,
                () ->
                        new TextEmbeddingModel(
                                parts, outputName(bundle, parts.session().outputs()), cls, prefix));
    }

    /** Unit-norm embeddings of {@code texts}, one row per text, in order. */
    public float[][] embed(List<TokenizedText> texts) throws OrtException {
        return infer(texts);
    }

    @Override
    public float[] result(float[][] vectors, int index) {
        return vectors[index];
    }

    /**
     * Inputs and the token output live in direct buffers reused from batch to batch (ONNX Runtime
     * reads and writes them in place).
     */
    @Override
    protected float[][] run(TokenBatch batch, TensorBuffers buffers) throws OrtException {
        Map<String, OnnxTensor> feeds = TokenTensors.feeds(session(), batch);
        OnnxTensor pinned = null;
        try {
            if (!pooledOutput && hiddenSize > 0) {
                long[] shape = {batch.size(), batch.length(), hiddenSize};
                FloatBuffer out =
                        buffers.floats(outputName, batch.size() * batch.length() * hiddenSize);
                pinned = OnnxTensor.createTensor(session().environment(), out, shape);
                try (OrtSession.Result result =
                        session().run(feeds, Set.of(), Map.of(outputName, pinned))) {
                    return pool(out, shape, batch);
                }
            }
            try (OrtSession.Result result = session().run(feeds, Set.of(outputName))) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                return pool(
                        output.getFloatBuffer(), ((TensorInfo) output.getInfo()).getShape(), batch);
            }
        } finally {
            TokenTensors.close(feeds);
            if (pinned != null) {
                pinned.close();
            }
        }
    }

    /** Length of the vectors. */
    public int dimension() {
        return dimension;
    }

    private float[][] pool(FloatBuffer values, long[] shape, TokenBatch batch) {
        float[][] vectors = new float[batch.size()][];
        if (pooledOutput) {
            int dim = (int) shape[1];
            for (int row = 0; row < batch.size(); row++) {
                float[] vector = new float[dim];
                values.get(row * dim, vector, 0, dim);
                vectors[row] = EmbeddingPooling.l2Normalize(vector);
            }
        } else {
            int length = (int) shape[1];
            int dim = (int) shape[2];
            for (int row = 0; row < batch.size(); row++) {
                vectors[row] =
                        EmbeddingPooling.l2Normalize(
                                clsPooling
                                        ? EmbeddingPooling.clsPool(values, row, length, dim)
                                        : EmbeddingPooling.meanPool(
                                                values, batch.attentionMask(), row, length, dim));
            }
        }
        return vectors;
    }

    /** Whether {@code config.json} asks for CLS pooling; fails naming it on another value. */
    private static boolean clsPooling(ModelBundle bundle) {
        String pooling = bundle.config().path(POOLING).asText("mean");
        if (!pooling.equals("mean") && !pooling.equals("cls")) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.directory().resolve(ModelBundle.CONFIG)
                            + ": "
                            + POOLING
                            + " must be mean or cls, got '"
                            + pooling
                            + "'");
        }
        return pooling.equals("cls");
    }

    private static String outputName(ModelBundle bundle, Map<String, NodeInfo> outputs) {
        if (outputs.containsKey(SENTENCE_EMBEDDING)) {
            return SENTENCE_EMBEDDING;
        }
        if (outputs.containsKey(LAST_HIDDEN_STATE)) {
            return LAST_HIDDEN_STATE;
        }
        throw new ModelLoadException(
                "Model file "
                        + bundle.modelPath()
                        + ": has neither a '"
                        + SENTENCE_EMBEDDING
                        + "' nor a '"
                        + LAST_HIDDEN_STATE
                        + "' output (outputs: "
                        + outputs.keySet()
                        + ")");
    }

    /** The last dimension of {@code last_hidden_state} when the graph fixes it, else 0. */
    private static int hiddenSize(NodeInfo output) {
        if (output.getInfo() instanceof TensorInfo info) {
            long[] shape = info.getShape();
            if (shape.length == 3 && shape[2] > 0) {
                return Math.toIntExact(shape[2]);
            }
        }
        return 0;
    }
}
