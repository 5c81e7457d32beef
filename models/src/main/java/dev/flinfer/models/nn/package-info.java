/**
 * Pure-Java pieces the seeded-model generators share: the arithmetic of their plain-Java forward
 * passes ({@code NnMath}) and the seeded Gaussian weights ({@code SeededWeights}).
 */
package dev.flinfer.models.nn;
