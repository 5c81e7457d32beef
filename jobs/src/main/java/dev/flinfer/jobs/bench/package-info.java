/**
 * The {@code bench} command: raw ONNX Runtime throughput against Flinfer end to end through Kafka
 * and the per-record baseline, latency at a fixed offered rate, and where the time goes; written as
 * JSON and PNG charts.
 */
package dev.flinfer.jobs.bench;
