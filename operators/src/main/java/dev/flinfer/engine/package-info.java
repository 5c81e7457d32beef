/**
 * The batching engine: takes single records, prepares them on its own threads, forms batches by
 * size and latency deadline, runs them on one inference thread and completes one future per record.
 * No Flink types: the Flink layer sits in front of it with Flink's async operator, which keeps
 * order and checkpoints the records in flight.
 */
package dev.flinfer.engine;
