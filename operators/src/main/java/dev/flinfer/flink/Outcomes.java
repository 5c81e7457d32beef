package dev.flinfer.flink;

import dev.flinfer.record.DeadLetter;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits outcomes into enriched records and dead letters, keeping order within each.
 *
 * <pre>{@code
 * Outcomes.Split split = Outcomes.split(embeddings.apply(records));
 * split.records().sinkTo(outputSink);
 * split.deadLetters().sinkTo(deadLetterSink);
 * }</pre>
 */
@PublicEvolving
public final class Outcomes {
    /** The side output that carries dead letters. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("flinfer-dead-letters", TypeInformation.of(DeadLetter.class));

    private Outcomes() {}

    /** The two streams of {@code outcomes}. */
    public static Split split(DataStream<Outcome> outcomes) {
        SingleOutputStreamOperator<SourceRecord> records =
                outcomes.process(new Splitter(), TypeInformation.of(SourceRecord.class))
                        .name("flinfer-split-dead-letters");
        return new Split(records, records.getSideOutput(DEAD_LETTERS));
    }

    /** Enriched records and dead letters. */
    @PublicEvolving
    public record Split(
            SingleOutputStreamOperator<SourceRecord> records, DataStream<DeadLetter> deadLetters) {}

    private static final class Splitter extends ProcessFunction<Outcome, SourceRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Outcome outcome, Context context, Collector<SourceRecord> out) {
            if (outcome.isDeadLetter()) {
                context.output(DEAD_LETTERS, outcome.deadLetter);
            } else {
                out.collect(outcome.output);
            }
        }
    }
}
