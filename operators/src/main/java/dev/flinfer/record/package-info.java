/**
 * Records as they flow through Flinfer: a {@link dev.flinfer.record.SourceRecord} in (raw bytes and
 * where they came from), an {@link dev.flinfer.record.Outcome} out, which is either an enriched
 * record or a {@link dev.flinfer.record.DeadLetter}. Plain Java, no Flink types.
 */
package dev.flinfer.record;
