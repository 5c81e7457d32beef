/**
 * The SQL face of Flinfer: a Flink {@code ML_PREDICT} model provider ({@code 'provider' = 'onnx'})
 * that runs ONNX models inside the job, micro-batched by the same engine as the DataStream
 * operators.
 */
package dev.flinfer.sql;
