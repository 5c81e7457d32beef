package dev.flinfer.classification;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Labelled scores as the output JSON of every classifying task has them:
 *
 * <pre>{@code
 * {"model": "text-orientation", "model_version": "sha256:...", "problem_type": "...",
 *  "labels": [{"label": "upright", "score": 0.998}, ...]}
 * }</pre>
 */
@PublicEvolving
public final class LabelsJson {
    private LabelsJson() {}

    /**
     * Writes the model's name and version, the problem type when {@code classifier} is given, and
     * {@code scores} into {@code result}.
     */
    public static void write(
            ObjectNode result, ModelBundle bundle, Classifier classifier, List<LabelScore> scores) {
        result.put("model", bundle.name());
        result.put("model_version", bundle.version());
        if (classifier != null) {
            result.put(
                    "problem_type",
                    classifier.multiLabel()
                            ? Classifier.MULTI_LABEL
                            : "single_label_classification");
        }
        ArrayNode labels = result.putArray("labels");
        for (LabelScore score : scores) {
            labels.addObject().put("label", score.label()).put("score", score.score());
        }
    }
}
