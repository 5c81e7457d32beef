/**
 * Kafka glue for the Flink Kafka connector: records in as raw {@link
 * dev.flinfer.record.SourceRecord}s, enriched records and dead letters out with their keys and
 * headers.
 */
package dev.flinfer.kafka;
