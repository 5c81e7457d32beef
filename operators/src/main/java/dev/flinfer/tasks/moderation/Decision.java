package dev.flinfer.tasks.moderation;

import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/** Where a post goes, in rising severity. */
@PublicEvolving
public enum Decision {
    APPROVED,
    REVIEW,
    BLOCKED;

    /** The lower-case name used in output records and headers: approved, review, blocked. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The decision named {@code label} (approved, review, blocked). */
    public static Decision of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
