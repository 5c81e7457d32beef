/**
 * Records as they flow through Flinfer: a {@link dev.flinfer.record.SourceRecord} in (raw bytes and
 * where they came from), an {@link dev.flinfer.record.Outcome} out, which is either an enriched
 * record or a {@link dev.flinfer.record.DeadLetter}; the readers and writers that take a model's
 * value out of a record and put its result back, and the one rule for texts. Plain Java, no Flink
 * types.
 */
package dev.flinfer.record;
