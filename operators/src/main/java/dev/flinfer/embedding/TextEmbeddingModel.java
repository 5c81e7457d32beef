package dev.flinfer.embedding;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.session.ModelSession;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.session.TensorBufferPool;
import dev.flinfer.session.TensorBuffers;
import dev.flinfer.session.TokenTensors;
import dev.flinfer.text.EmbeddingPooling;
import dev.flinfer.text.TextTokenizer;
import dev.flinfer.text.TokenBatch;
import dev.flinfer.text.TokenizedText;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * <p>Feeds only the inputs the graph declares ({@code input_ids}, and {@code attention_mask} and
 * {@code token_type_ids} when declared). Uses the graph's {@code sentence_embedding} output when it
 * has one, else pools {@code last_hidden_state}: the mean over the attention mask, or the first
 * ([CLS]) token where {@code config.json} says {@code "flinfer_pooling": "cls"} (bge). A {@code
 * "flinfer_text_prefix"} in {@code config.json} (e5's {@code "passage: "}) goes before every text.
 * Vectors are L2-normalised. Opening runs one warm-up inference, so a model that cannot embed fails
 * at start, not on the first record.
 */
public final class TextEmbeddingModel implements AutoCloseable {
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    public static final String SENTENCE_EMBEDDING = "sentence_embedding";
    public static final String LAST_HIDDEN_STATE = "last_hidden_state";

    /** {@code config.json} key: {@code mean} (default) or {@code cls} pooling of token vectors. */
    public static final String POOLING = "flinfer_pooling";

    /** {@code config.json} key: text put before every input text (default none). */
    public static final String TEXT_PREFIX = "flinfer_text_prefix";

    private static final Set<String> KNOWN_INPUTS =
            Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

    private final TextTokenizer tokenizer;
    private final ModelSession session;
    private final String outputName;
    private final boolean pooledOutput;
    private final boolean clsPooling;
    private final String textPrefix;
    private final long padId;
    private final int hiddenSize;
    private final TensorBufferPool bufferPool = new TensorBufferPool();
    private final int dimension;

    private TextEmbeddingModel(
            TextTokenizer tokenizer,
            ModelSession session,
            String outputName,
            boolean pooled,
            long padId,
            boolean clsPooling,
            String textPrefix) {
        this.tokenizer = tokenizer;
        this.session = session;
        this.outputName = outputName;
        this.pooledOutput = pooled;
        this.clsPooling = clsPooling;
        this.textPrefix = textPrefix;
        this.padId = padId;
        this.hiddenSize = pooled ? 0 : hiddenSize(session.outputs().get(outputName));
        try {
            this.dimension = embed(List.of(tokenizer.tokenize("warm-up")))[0].length;
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "Model file "
                            + session.bundle().modelPath()
                            + ": warm-up inference failed: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Opens the encoder in {@code bundle}; fails naming the file when the graph is not a text
     * encoder.
     */
    public static TextEmbeddingModel open(ModelBundle bundle, SessionSettings settings) {
        TextTokenizer tokenizer = TextTokenizer.open(bundle);
        ModelSession session = null;
        try {
            session = ModelSession.open(bundle, settings);
            Map<String, NodeInfo> inputs = session.inputs();
            for (String input : inputs.keySet()) {
                if (!KNOWN_INPUTS.contains(input)) {
                    throw new ModelLoadException(
                            "Model file "
                                    + bundle.modelPath()
                                    + ": declares input '"
                                    + input
                                    + "'; a text encoder takes only "
                                    + KNOWN_INPUTS);
                }
            }
            if (!inputs.containsKey(INPUT_IDS)) {
                throw new ModelLoadException(
                        "Model file "
                                + bundle.modelPath()
                                + ": has no 'input_ids' input (inputs: "
                                + inputs.keySet()
                                + ")");
            }
            Map<String, NodeInfo> outputs = session.outputs();
            String output;
            boolean pooled;
            if (outputs.containsKey(SENTENCE_EMBEDDING)) {
                output = SENTENCE_EMBEDDING;
                pooled = true;
            } else if (outputs.containsKey(LAST_HIDDEN_STATE)) {
                output = LAST_HIDDEN_STATE;
                pooled = false;
            } else {
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
            long padId = bundle.config().path("pad_token_id").asLong(0);
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
            String prefix = bundle.config().path(TEXT_PREFIX).asText("");
            return new TextEmbeddingModel(
                    tokenizer, session, output, pooled, padId, pooling.equals("cls"), prefix);
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            tokenizer.close();
            throw e;
        }
    }

    /** Token ids of one text, after the bundle's text prefix if any (truncated, not padded). */
    public TokenizedText tokenize(String text) {
        return tokenizer.tokenize(textPrefix + text);
    }

    /**
     * Unit-norm embeddings of {@code texts}, one row per text, in order. Inputs and the token
     * output live in direct buffers reused from batch to batch (ONNX Runtime reads and writes them
     * in place). Thread-safe: batches may run at once, each on buffers of its own.
     */
    public float[][] embed(List<TokenizedText> texts) throws OrtException {
        TensorBuffers buffers = bufferPool.take();
        try {
            return embed(texts, buffers);
        } finally {
            bufferPool.give(buffers);
        }
    }

    private float[][] embed(List<TokenizedText> texts, TensorBuffers buffers) throws OrtException {
        TokenBatch batch = TokenBatch.pad(texts, padId, buffers::longs);
        OrtEnvironment environment = session.environment();
        Map<String, OnnxTensor> feeds = TokenTensors.feeds(session, batch);
        OnnxTensor pinned = null;
        try {
            if (!pooledOutput && hiddenSize > 0) {
                long[] shape = {batch.size(), batch.length(), hiddenSize};
                FloatBuffer out =
                        buffers.floats(outputName, batch.size() * batch.length() * hiddenSize);
                pinned = OnnxTensor.createTensor(environment, out, shape);
                try (OrtSession.Result result =
                        session.run(feeds, Set.of(), Map.of(outputName, pinned))) {
                    return pool(out, shape, batch);
                }
            }
            try (OrtSession.Result result = session.run(feeds, Set.of(outputName))) {
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

    public int maxLength() {
        return tokenizer.maxLength();
    }

    public String device() {
        return session.activeDevice();
    }

    public ModelSession session() {
        return session;
    }

    @Override
    public void close() {
        session.close();
        tokenizer.close();
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
