/**
 * Image classification: the model (preprocessing from {@code preprocessor_config.json}, session,
 * labels) and the task that turns records holding images into enriched events or dead letters. No
 * Flink types.
 */
package dev.flinfer.vision;
