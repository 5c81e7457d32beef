/**
 * Moderation of posts that carry text, an image or both: the policy file (per-label thresholds,
 * which labels block and which send to review), the decision, the model that scores each part with
 * its classifier, and the task's descriptor. No Flink types but its configuration.
 */
package dev.flinfer.tasks.moderation;
