package dev.flinfer.sql.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.classification.Classifier;
import dev.flinfer.classification.Labels;
import dev.flinfer.session.ModelSession;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.session.TensorBuffers;
import dev.flinfer.session.TokenTensors;
import dev.flinfer.text.TextTokenizer;
import dev.flinfer.text.TokenBatch;
import dev.flinfer.text.TokenizedText;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * A Hugging Face sequence classifier ({@code input_ids}, optionally {@code attention_mask} and
 * {@code token_type_ids}, giving {@code logits [N, labels]}); labels and {@code problem_type} from
 * {@code config.json}. Checked at open with a warm-up inference, errors naming the file.
 */
@Internal
public final class TextClassifierModel implements AutoCloseable {
    static final String LOGITS = "logits";
    private static final Set<String> INPUTS =
            Set.of("input_ids", "attention_mask", "token_type_ids");

    private final TextTokenizer tokenizer;
    private final ModelSession session;
    private final Classifier classifier;
    private final String output;
    private final long padId;
    private final TensorBuffers buffers = new TensorBuffers();

    private TextClassifierModel(
            TextTokenizer tokenizer, ModelSession session, Classifier classifier, String output) {
        this.tokenizer = tokenizer;
        this.session = session;
        this.classifier = classifier;
        this.output = output;
        this.padId = session.bundle().config().path("pad_token_id").asLong(0);
    }

    /** Opens the classifier in {@code bundle}, keeping the {@code topK} best labels (0 = all). */
    public static TextClassifierModel open(ModelBundle bundle, SessionSettings settings, int topK) {
        String configFile = bundle.directory().resolve(ModelBundle.CONFIG).toString();
        Labels labels;
        try {
            labels = Labels.fromConfig(bundle.config(), configFile);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        Classifier classifier =
                new Classifier(labels, Classifier.isMultiLabel(bundle.config()), topK);
        TextTokenizer tokenizer = TextTokenizer.open(bundle);
        ModelSession session = null;
        try {
            session = ModelSession.open(bundle, settings);
            if (!INPUTS.containsAll(session.inputs().keySet())
                    || !session.inputs().containsKey("input_ids")) {
                throw new ModelLoadException(
                        "Model file "
                                + bundle.modelPath()
                                + ": a text classifier takes input_ids"
                                + " (and optionally attention_mask, token_type_ids), this graph"
                                + " declares "
                                + session.inputs().keySet());
            }
            Map<String, NodeInfo> outputs = session.outputs();
            String output = outputs.containsKey(LOGITS) ? LOGITS : null;
            if (output == null
                    || !(outputs.get(output).getInfo() instanceof TensorInfo info)
                    || info.getShape().length != 2) {
                throw new ModelLoadException(
                        "Model file "
                                + bundle.modelPath()
                                + ": a text classifier has a 'logits'"
                                + " output [N, labels], this graph has "
                                + outputs.keySet()
                                + " (is it an encoder? use 'task' = 'embedding')");
            }
            TextClassifierModel model =
                    new TextClassifierModel(tokenizer, session, classifier, output);
            float[][] warmUp = model.logits(List.of(model.tokenize("warm-up")));
            if (warmUp[0].length != labels.size()) {
                throw new ModelLoadException(
                        "Model file "
                                + configFile
                                + ": id2label has "
                                + labels.size()
                                + " labels but "
                                + bundle.modelPath()
                                + " gives "
                                + warmUp[0].length
                                + " logits per text");
            }
            return model;
        } catch (OrtException e) {
            session.close();
            tokenizer.close();
            throw new ModelLoadException(
                    "Model file " + bundle.modelPath() + ": warm-up inference failed: " + e, e);
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            tokenizer.close();
            throw e;
        }
    }

    public TokenizedText tokenize(String text) {
        return tokenizer.tokenize(text);
    }

    /** Logits of each text, one row per text (inputs in reused direct buffers). */
    public synchronized float[][] logits(List<TokenizedText> texts) throws OrtException {
        Map<String, OnnxTensor> feeds =
                TokenTensors.feeds(session, TokenBatch.pad(texts, padId, buffers::longs));
        try (OrtSession.Result result = session.run(feeds, Set.of(output))) {
            return (float[][]) result.get(0).getValue();
        } finally {
            TokenTensors.close(feeds);
        }
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
}
