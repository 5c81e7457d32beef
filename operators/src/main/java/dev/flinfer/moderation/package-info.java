/**
 * Moderation of posts that carry text, an image or both: the policy file (per-label thresholds,
 * which labels block and which send to review), the decision, and the batch task that scores each
 * part with its model. No Flink types.
 */
package dev.flinfer.moderation;
