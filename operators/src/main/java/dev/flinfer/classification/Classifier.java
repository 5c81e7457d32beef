package dev.flinfer.classification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Turns a row of model outputs into labelled scores: softmax for single-label models, a sigmoid per
 * label for multi-label ones ({@code problem_type = multi_label_classification}), or as-is for
 * models whose outputs already are probabilities; sorted best first, the top k kept.
 *
 * <pre>{@code
 * Classifier classifier = new Classifier(labels, Classifier.isMultiLabel(config), 5);
 * List<LabelScore> top = classifier.scores(logits, 0);
 * }</pre>
 */
@PublicEvolving
public final class Classifier implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String MULTI_LABEL = "multi_label_classification";

    private final Labels labels;
    private final boolean multiLabel;
    private final int topK;
    private final boolean probabilities;

    public Classifier(Labels labels, boolean multiLabel, int topK) {
        this(labels, multiLabel, topK, false);
    }

    /**
     * {@code topK <= 0} or {@code >= labels.size()} keeps every label; {@code
     * outputsAreProbabilities}: the model applies its own softmax / sigmoid, scores pass through.
     */
    public Classifier(
            Labels labels, boolean multiLabel, int topK, boolean outputsAreProbabilities) {
        this.labels = Objects.requireNonNull(labels, "labels");
        this.multiLabel = multiLabel;
        this.topK = topK <= 0 ? labels.size() : Math.min(topK, labels.size());
        this.probabilities = outputsAreProbabilities;
    }

    /**
     * The classifier that {@code bundle}'s {@code config.json} describes ({@code id2label}, {@code
     * problem_type}, and {@code flinfer_outputs_are_probabilities} for models that apply their own
     * softmax), keeping the {@code topK} best labels; fails naming the file.
     */
    public static Classifier fromBundle(ModelBundle bundle, int topK) {
        JsonNode config = bundle.config();
        Labels labels;
        try {
            labels =
                    Labels.fromConfig(
                            config, bundle.directory().resolve(ModelBundle.CONFIG).toString());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        boolean probabilities = config.path("flinfer_outputs_are_probabilities").asBoolean(false);
        return new Classifier(labels, isMultiLabel(config), topK, probabilities);
    }

    /**
     * Fails, naming both files, when the model gives another number of scores ({@code width}) than
     * {@code id2label} has labels; {@code unit} says what they are ("logits per text").
     */
    public void checkWidth(ModelBundle bundle, int width, String unit) {
        if (width != labels.size()) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.directory().resolve(ModelBundle.CONFIG)
                            + ": id2label has "
                            + labels.size()
                            + " labels but "
                            + bundle.modelPath()
                            + " gives "
                            + width
                            + " "
                            + unit);
        }
    }

    /** Whether {@code config} (config.json) declares a multi-label classifier. */
    public static boolean isMultiLabel(JsonNode config) {
        return MULTI_LABEL.equals(config.path("problem_type").asText());
    }

    /**
     * The best labels for the {@code labels.size()} outputs at {@code offset} of {@code outputs}.
     */
    public List<LabelScore> scores(float[] outputs, int offset) {
        int n = labels.size();
        float[] scores = new float[n];
        if (probabilities) {
            System.arraycopy(outputs, offset, scores, 0, n);
        } else if (multiLabel) {
            for (int i = 0; i < n; i++) {
                scores[i] = (float) (1.0 / (1.0 + Math.exp(-outputs[offset + i])));
            }
        } else {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, outputs[offset + i]);
            }
            double sum = 0;
            double[] exp = new double[n];
            for (int i = 0; i < n; i++) {
                exp[i] = Math.exp(outputs[offset + i] - max);
                sum += exp[i];
            }
            for (int i = 0; i < n; i++) {
                scores[i] = (float) (exp[i] / sum);
            }
        }
        List<LabelScore> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(new LabelScore(labels.name(i), i, scores[i]));
        }
        all.sort(
                Comparator.comparingDouble(LabelScore::score)
                        .reversed()
                        .thenComparingInt(LabelScore::index));
        return List.copyOf(all.subList(0, topK));
    }

    public boolean multiLabel() {
        return multiLabel;
    }

    public Labels labels() {
        return labels;
    }
}
