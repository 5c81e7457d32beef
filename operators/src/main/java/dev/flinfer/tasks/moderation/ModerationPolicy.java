package dev.flinfer.tasks.moderation;

import dev.flinfer.classification.LabelScore;
import dev.flinfer.classification.Labels;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Per-label thresholds for each part of a post ({@code text}, {@code image}), read from a JSON or
 * YAML file and checked at start ({@link PolicyFile}). A post takes the most severe decision of any
 * rule: blocked over review over approved. Labels the policy does not name never decide.
 *
 * <pre>{@code
 * ModerationPolicy policy = ModerationPolicy.read(Path.of("policy.yaml"));
 * Verdict verdict = policy.decide(Map.of("text", textScores, "image", imageScores));
 * }</pre>
 *
 * @param source the file the policy came from, for messages
 * @param rules the rules of each part, by label
 */
@PublicEvolving
public record ModerationPolicy(String source, Map<String, Map<String, Rule>> rules)
        implements Serializable {
    public static final String TEXT = "text";
    public static final String IMAGE = "image";

    /** Reads and checks {@code file}; a {@link PolicyException} names the file and the problem. */
    public static ModerationPolicy read(Path file) {
        return PolicyFile.read(file);
    }

    /** The rules of {@code part} (text or image), by label; empty when it has none. */
    public Map<String, Rule> rules(String part) {
        return rules.getOrDefault(part, Map.of());
    }

    /**
     * Checks that every label the policy names for {@code part} is a label of the model, so that a
     * misspelt label fails at start instead of never matching.
     */
    public void checkLabels(String part, Labels labels, String model) {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            known.add(labels.name(i));
        }
        for (String label : rules(part).keySet()) {
            if (!known.contains(label)) {
                throw new PolicyException(
                        "Policy file "
                                + source
                                + ": "
                                + part
                                + " label '"
                                + label
                                + "' is not a label of model "
                                + model
                                + " (its labels: "
                                + known
                                + ")");
            }
        }
    }

    /** The decision for the scores of each part present in the post. */
    public Verdict decide(Map<String, List<LabelScore>> scoresByPart) {
        Decision decision = Decision.APPROVED;
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, List<LabelScore>> part : scoresByPart.entrySet()) {
            Map<String, Rule> partRules = rules(part.getKey());
            for (LabelScore score : part.getValue()) {
                Rule rule = partRules.get(score.label());
                if (rule == null) {
                    continue;
                }
                Decision d = rule.decide(score.score());
                if (d != Decision.APPROVED) {
                    reasons.add(
                            String.format(
                                    Locale.ROOT,
                                    "%s: %s %.3f >= %s %.2f",
                                    part.getKey(),
                                    score.label(),
                                    score.score(),
                                    d == Decision.BLOCKED ? "block" : "review",
                                    rule.threshold(d)));
                    if (d.compareTo(decision) > 0) {
                        decision = d;
                    }
                }
            }
        }
        return new Verdict(decision, List.copyOf(reasons));
    }
}
