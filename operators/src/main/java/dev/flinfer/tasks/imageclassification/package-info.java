/**
 * Image classification: the model (safe decoding within the image limits, preprocessing from {@code
 * preprocessor_config.json}, session, labels) and the task's descriptor (options, settings, the
 * JSON it writes). No Flink types but its configuration.
 */
package dev.flinfer.tasks.imageclassification;
