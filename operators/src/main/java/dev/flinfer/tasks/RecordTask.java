package dev.flinfer.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.RecordReader;
import dev.flinfer.record.ResultWriter;
import dev.flinfer.record.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A task over Kafka records: a {@link RecordReader} takes the event and the model's value out of
 * each record, a {@link ModelTask} runs the values in batches, a {@link ResultWriter} adds each
 * result to its event. What cannot be read, prepared or written becomes a dead letter naming the
 * model.
 *
 * <pre>{@code
 * RecordTask<String, ?, ?, float[]> task =
 *         new RecordTask<>(new TextFieldReader("text", 100_000, 4 << 20), model, writer);
 * }</pre>
 *
 * @param <V> the model's value
 * @param <P> the prepared value
 * @param <B> a batch's result
 * @param <R> one value's result
 */
@PublicEvolving
public final class RecordTask<V, P, B, R>
        extends ModelAdapter<SourceRecord, RecordTask.Prepared<P>, B, Outcome> {

    /** A record's event, and its value prepared for the model. */
    @PublicEvolving
    public record Prepared<P>(ObjectNode event, P input) {}

    private final RecordReader<V> reader;
    private final ModelTask<V, P, B, R> model;
    private final ResultWriter<R> writer;

    public RecordTask(RecordReader<V> reader, ModelTask<V, P, B, R> model, ResultWriter<R> writer) {
        super(model);
        this.reader = reader;
        this.model = model;
        this.writer = writer;
    }

    @Override
    public Prepared<P> prepare(SourceRecord record) throws BadRecordException {
        RecordReader.Read<V> read = reader.read(record);
        return new Prepared<>(read.event(), model.prepare(read.value()));
    }

    @Override
    public int cost(Prepared<P> prepared) {
        return model.cost(prepared.input());
    }

    @Override
    public B infer(List<Prepared<P>> batch) throws Exception {
        List<P> inputs = new ArrayList<>(batch.size());
        for (Prepared<P> prepared : batch) {
            inputs.add(prepared.input());
        }
        return model.infer(inputs);
    }

    @Override
    public Outcome finish(SourceRecord record, Prepared<P> prepared, B result, int index)
            throws BadRecordException {
        return Outcome.ok(writer.output(record, prepared.event(), model.result(result, index)));
    }

    @Override
    public Outcome reject(SourceRecord record, BadRecordException error) {
        return Outcome.rejected(record, error, model.modelName());
    }

    /** The model, for callers that need more of it than records (benchmarks, tests). */
    public ModelTask<V, P, B, R> model() {
        return model;
    }
}
