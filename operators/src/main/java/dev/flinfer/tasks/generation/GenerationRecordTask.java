package dev.flinfer.tasks.generation;

import dev.flinfer.generation.Generated;
import dev.flinfer.generation.Generator;
import dev.flinfer.generation.Sequence;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.RecordReader;
import dev.flinfer.record.ResultWriter;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.RecordTask.Prepared;
import org.apache.flink.annotation.Internal;

/**
 * Generation over Kafka records, in steps: each record's prompt (salted by its topic, partition and
 * offset, so a replay samples the same text) joins the engine's running batch, and its event gets
 * the generated text as soon as its own sequence is done (continuous batching).
 */
@Internal
public final class GenerationRecordTask
        extends GenerationAdapter<SourceRecord, Prepared<Sequence>, Outcome> {
    private final RecordReader<String> reader;
    private final ResultWriter<Generated> writer;

    GenerationRecordTask(
            RecordReader<String> reader, GenerationModel model, ResultWriter<Generated> writer) {
        super(model, Prepared::input);
        this.reader = reader;
        this.writer = writer;
    }

    @Override
    public Prepared<Sequence> prepare(SourceRecord record) throws BadRecordException {
        RecordReader.Read<String> read = reader.read(record);
        return new Prepared<>(read.event(), model().prepare(read.value(), saltOf(record)));
    }

    @Override
    public Outcome finish(
            SourceRecord record,
            Prepared<Sequence> prepared,
            Generator.Run<Prepared<Sequence>> run,
            int index)
            throws BadRecordException {
        return Outcome.ok(
                writer.output(record, prepared.event(), model().result(sequence(prepared))));
    }

    @Override
    public Outcome reject(SourceRecord record, BadRecordException error) {
        return Outcome.rejected(record, error, model().modelName());
    }

    /** Where the record sits in its topic: the same on every replay. */
    static long saltOf(SourceRecord record) {
        long salt = GenerationModel.saltOf(record.topic == null ? "" : record.topic);
        salt = salt * 31 + record.partition;
        return salt * 0x9E3779B97F4A7C15L + record.offset;
    }
}
