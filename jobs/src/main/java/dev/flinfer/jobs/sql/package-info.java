/** The {@code sql} command: runs a Flink SQL file, e.g. one using the onnx model provider. */
package dev.flinfer.jobs.sql;
