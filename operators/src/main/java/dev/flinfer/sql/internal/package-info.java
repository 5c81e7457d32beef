/**
 * Internals of the SQL provider: the validated model spec, the row adapter over a task's model
 * ({@code RowTask}: a column value in, output columns out), the output row writer and the {@code
 * AsyncPredictFunction} in front of the batching engine.
 */
package dev.flinfer.sql.internal;
