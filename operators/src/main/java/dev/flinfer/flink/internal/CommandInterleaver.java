package dev.flinfer.flink.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.functions.co.CoFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Puts the broadcast model commands into each subtask's stream of records, where they arrived: so
 * every subtask sees every command, at a point of its own records that a checkpoint fixes.
 */
@Internal
public final class CommandInterleaver
        implements CoFlatMapFunction<VersionedInput, byte[], VersionedInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap1(VersionedInput record, Collector<VersionedInput> out) {
        out.collect(record);
    }

    @Override
    public void flatMap2(byte[] command, Collector<VersionedInput> out) {
        out.collect(VersionedInput.command(command));
    }
}
