/**
 * The batching engine: takes single records, prepares them on its own threads, forms batches by
 * size, latency deadline and length, runs them on its inference workers (several batches at once on
 * one session) and completes one future per record; {@link dev.flinfer.engine.OneRecord} is the
 * same contract one record at a time. No Flink types: the Flink layer sits in front of it with
 * Flink's async operator, which keeps order and checkpoints the records in flight.
 */
package dev.flinfer.engine;
