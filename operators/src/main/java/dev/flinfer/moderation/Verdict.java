package dev.flinfer.moderation;

import java.util.List;

/** A post's decision and the rules that led to it, e.g. {@code text: threat 0.98 >= block 0.60}. */
public record Verdict(Decision decision, List<String> reasons) {}
