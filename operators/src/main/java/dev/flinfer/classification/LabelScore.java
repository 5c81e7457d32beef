package dev.flinfer.classification;

/** One label of a classification and its score (a probability). */
public record LabelScore(String label, int index, float score) {}
