package dev.flinfer.textclassification;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.classification.Classifier;
import dev.flinfer.classification.LabelScore;
import dev.flinfer.classification.Labels;
import dev.flinfer.session.ModelSession;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.session.TensorBufferPool;
import dev.flinfer.session.TensorBuffers;
import dev.flinfer.session.TokenTensors;
import dev.flinfer.text.TextTokenizer;
import dev.flinfer.text.TokenBatch;
import dev.flinfer.text.TokenizedText;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face sequence classifier: tokenizer, ONNX Runtime session, and softmax (or a sigmoid
 * per label when {@code problem_type} is {@code multi_label_classification}) over {@code logits},
 * labels from {@code id2label}. Knows nothing of Flink.
 *
 * <pre>{@code
 * try (TextClassificationModel model = TextClassificationModel.open(bundle, SessionSettings.cpu(2), 0)) {
 *     float[][] logits = model.infer(List.of(model.tokenize("buy cheap pills now")));
 *     List<LabelScore> scores = model.classify(logits[0]);
 * }
 * }</pre>
 *
 * <p>Feeds only the inputs the graph declares: {@code input_ids}, and {@code attention_mask} and
 * {@code token_type_ids} when declared (BERT declares the types, DistilBERT and RoBERTa exports do
 * not). Checked at open, naming the file: no other inputs, a rank-2 {@code logits} output, and as
 * many scores as {@code id2label} has labels (a warm-up inference).
 */
public final class TextClassificationModel implements AutoCloseable {
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    public static final String LOGITS = "logits";
    private static final Set<String> KNOWN_INPUTS =
            Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

    private final TextTokenizer tokenizer;
    private final ModelSession session;
    private final Classifier classifier;
    private final long padId;
    private final TensorBufferPool bufferPool = new TensorBufferPool();

    private TextClassificationModel(
            TextTokenizer tokenizer, ModelSession session, Classifier classifier, long padId) {
        this.tokenizer = tokenizer;
        this.session = session;
        this.classifier = classifier;
        this.padId = padId;
    }

    /** Opens the classifier in {@code bundle}, giving the {@code topK} best labels (0 = all). */
    public static TextClassificationModel open(
            ModelBundle bundle, SessionSettings settings, int topK) {
        JsonNode config = bundle.config();
        Labels labels;
        try {
            labels =
                    Labels.fromConfig(
                            config, bundle.directory().resolve(ModelBundle.CONFIG).toString());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        Classifier classifier = new Classifier(labels, Classifier.isMultiLabel(config), topK);
        TextTokenizer tokenizer = TextTokenizer.open(bundle);
        ModelSession session = null;
        try {
            session = ModelSession.open(bundle, settings.withMaxLength(tokenizer.maxLength()));
            checkInputs(bundle, session.inputs());
            checkOutput(bundle, session.outputs());
            long padId = config.path("pad_token_id").asLong(0);
            TextClassificationModel model =
                    new TextClassificationModel(tokenizer, session, classifier, padId);
            model.warmUp(bundle, labels.size());
            return model;
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            tokenizer.close();
            throw e;
        }
    }

    /** Token ids of one text (truncated, not padded). */
    public TokenizedText tokenize(String text) {
        return tokenizer.tokenize(text);
    }

    /**
     * The logits of each text, one row per text, in order; inputs in direct buffers reused from
     * batch to batch. Thread-safe: batches may run at once, each on buffers of its own.
     */
    public float[][] infer(List<TokenizedText> texts) throws OrtException {
        TensorBuffers buffers = bufferPool.take();
        try {
            Map<String, OnnxTensor> feeds =
                    TokenTensors.feeds(session, TokenBatch.pad(texts, padId, buffers::longs));
            try (OrtSession.Result result = session.run(feeds, Set.of(LOGITS))) {
                return (float[][]) result.get(0).getValue();
            } finally {
                TokenTensors.close(feeds);
            }
        } finally {
            bufferPool.give(buffers);
        }
    }

    /** Labelled scores of one row of logits, best first. */
    public List<LabelScore> classify(float[] logits) {
        return classifier.scores(logits, 0);
    }

    /** The names of the graph's inputs that this model feeds. */
    public Set<String> inputNames() {
        return session.inputs().keySet();
    }

    public Classifier classifier() {
        return classifier;
    }

    public ModelSession session() {
        return session;
    }

    @Override
    public void close() {
        session.close();
        tokenizer.close();
    }

    private void warmUp(ModelBundle bundle, int expectedLabels) {
        float[][] logits;
        try {
            logits = infer(List.of(tokenizer.tokenize("warm-up")));
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": warm-up inference failed: "
                            + e.getMessage(),
                    e);
        }
        if (logits[0].length != expectedLabels) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.directory().resolve(ModelBundle.CONFIG)
                            + ": id2label has "
                            + expectedLabels
                            + " labels but "
                            + bundle.modelPath()
                            + " gives "
                            + logits[0].length
                            + " logits per text");
        }
    }

    private static void checkInputs(ModelBundle bundle, Map<String, NodeInfo> inputs) {
        for (String input : inputs.keySet()) {
            if (!KNOWN_INPUTS.contains(input)) {
                throw new ModelLoadException(
                        "Model file "
                                + bundle.modelPath()
                                + ": declares input '"
                                + input
                                + "'; a text classifier takes only "
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
    }

    private static void checkOutput(ModelBundle bundle, Map<String, NodeInfo> outputs) {
        NodeInfo logits = outputs.get(LOGITS);
        if (logits == null) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": no '"
                            + LOGITS
                            + "' output among "
                            + outputs.keySet()
                            + " (a text encoder? use the text-embedding task)");
        }
        if (!(logits.getInfo() instanceof TensorInfo info) || info.getShape().length != 2) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": output 'logits' is not a rank-2 tensor [N,labels]: "
                            + logits.getInfo());
        }
    }
}
