package dev.flinfer.tasks.moderation;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The thresholds of one label: a score at or above {@code block} blocks the post, at or above
 * {@code review} sends it to review. Either may be absent (null), not both.
 */
@PublicEvolving
public record Rule(String part, String label, Float block, Float review) implements Serializable {

    /** What this rule decides for {@code score}. */
    public Decision decide(float score) {
        if (block != null && score >= block) {
            return Decision.BLOCKED;
        }
        if (review != null && score >= review) {
            return Decision.REVIEW;
        }
        return Decision.APPROVED;
    }

    /** The threshold that {@code decision} crossed, for the reason text. */
    public float threshold(Decision decision) {
        return decision == Decision.BLOCKED ? block : review;
    }
}
