/**
 * ONNX Runtime sessions: device choice with CUDA fallback, thread settings, the inputs and outputs
 * a graph declares. No Flink types; the Flink layer decides how many sessions there are and who
 * holds them.
 */
package dev.flinfer.session;
