package dev.flinfer.tasks.generation;

import dev.flinfer.record.SourceRecord;

/**
 * The salt a generation job seeds a record's sampling with, for tests outside this package that run
 * the record alone and compare: the job's own formula, not a copy of it.
 */
public final class GenerationSalts {
    private GenerationSalts() {}

    /** The salt of the record at {@code topic/partition@offset}. */
    public static long of(String topic, int partition, long offset) {
        return GenerationRecordTask.saltOf(
                new SourceRecord(topic, partition, offset, 0L, null, null));
    }
}
