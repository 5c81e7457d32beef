/**
 * Internals of the SQL provider: the validated model spec, the per-row tasks over typed values, the
 * output row writer and the {@code AsyncPredictFunction} in front of the batching engine.
 */
package dev.flinfer.sql.internal;
