package dev.flinfer.classification;

import org.apache.flink.annotation.PublicEvolving;

/** One label of a classification and its score (a probability). */
@PublicEvolving
public record LabelScore(String label, int index, float score) {}
