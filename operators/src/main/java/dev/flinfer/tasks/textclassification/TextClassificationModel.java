package dev.flinfer.tasks.textclassification;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.classification.Classifier;
import dev.flinfer.classification.LabelScore;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.session.TensorBuffers;
import dev.flinfer.session.TokenTensors;
import dev.flinfer.tasks.TextEncoder;
import dev.flinfer.text.TokenBatch;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A Hugging Face sequence classifier (BERT, DistilBERT, RoBERTa, or a composed zero-shot model):
 * tokenizer, ONNX Runtime session, and softmax (or a sigmoid per label for multi-label models) with
 * labels from {@code id2label}. Knows nothing of Flink.
 *
 * <pre>{@code
 * try (TextClassificationModel model = TextClassificationModel.open(bundle, SessionSettings.cpu(2), 0)) {
 *     float[][] logits = model.infer(List.of(model.tokenize("buy cheap pills now")));
 *     List<LabelScore> scores = model.classify(logits[0]);
 * }
 * }</pre>
 *
 * <p>Checked at open, naming the file: only the inputs a text model takes, a rank-2 {@code logits}
 * output, and as many scores as {@code id2label} has labels (a warm-up inference).
 */
@PublicEvolving
public final class TextClassificationModel extends TextEncoder<List<LabelScore>> {
    public static final String LOGITS = "logits";

    private final Classifier classifier;

    private TextClassificationModel(Parts parts, Classifier classifier) {
        super(parts);
        this.classifier = classifier;
        classifier.checkWidth(parts.bundle(), warmUp()[0].length, "logits per text");
    }

    /** Opens the classifier in {@code bundle}, giving the {@code topK} best labels (0 = all). */
    public static TextClassificationModel open(
            ModelBundle bundle, SessionSettings settings, int topK) {
        Classifier classifier = Classifier.fromBundle(bundle, topK);
        Parts parts = openParts(bundle, settings, "a text classifier");
        return closingOnFailure(
                parts,
                () -> {
                    checkOutput(bundle, parts.session().outputs());
                    return new TextClassificationModel(parts, classifier);
                });
    }

    /** Logits of one batch, one row per text; inputs in reused direct buffers. */
    @Override
    protected float[][] run(TokenBatch batch, TensorBuffers buffers) throws OrtException {
        Map<String, OnnxTensor> feeds = TokenTensors.feeds(session(), batch);
        try (OrtSession.Result result = session().run(feeds, Set.of(LOGITS))) {
            return (float[][]) result.get(0).getValue();
        } finally {
            TokenTensors.close(feeds);
        }
    }

    @Override
    public List<LabelScore> result(float[][] logits, int index) {
        return classify(logits[index]);
    }

    /** Labelled scores of one row of logits, best first. */
    public List<LabelScore> classify(float[] logits) {
        return classifier.scores(logits, 0);
    }

    public Classifier classifier() {
        return classifier;
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
