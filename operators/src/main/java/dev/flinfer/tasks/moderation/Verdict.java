package dev.flinfer.tasks.moderation;

import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/** A post's decision and the rules that led to it, e.g. {@code text: threat 0.98 >= block 0.60}. */
@PublicEvolving
public record Verdict(Decision decision, List<String> reasons) {}
