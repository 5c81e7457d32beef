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

    /** The side output that carries model lifecycle events (JSON). */
    public static final OutputTag<byte[]> EVENTS =
            new OutputTag<>("flinfer-model-events", TypeInformation.of(byte[].class));

    /** The side output that carries shadow comparisons (JSON). */
    public static final OutputTag<byte[]> COMPARISONS =
            new OutputTag<>("flinfer-shadow-comparisons", TypeInformation.of(byte[].class));

    private Outcomes() {}

    /** The two streams of {@code outcomes}. */
    public static Split split(DataStream<Outcome> outcomes) {
        SingleOutputStreamOperator<SourceRecord> records =
                outcomes.process(new Splitter(), TypeInformation.of(SourceRecord.class))
                        .name("flinfer-split-dead-letters");
        return new Split(records, records.getSideOutput(DEAD_LETTERS));
    }

    /**
     * Enriched records and dead letters; with a model lifecycle also its events and the shadow's
     * comparisons.
     */
    @PublicEvolving
    public record Split(
            SingleOutputStreamOperator<SourceRecord> records, DataStream<DeadLetter> deadLetters) {
        /** Model lifecycle events, as JSON: empty unless versions change while the job runs. */
        public DataStream<byte[]> events() {
            return records.getSideOutput(EVENTS);
        }

        /** Shadow comparisons, as JSON: empty unless a shadow version runs. */
        public DataStream<byte[]> comparisons() {
            return records.getSideOutput(COMPARISONS);
        }
    }

    private static final class Splitter extends ProcessFunction<Outcome, SourceRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Outcome outcome, Context context, Collector<SourceRecord> out) {
            if (outcome.isDeadLetter()) {
                context.output(DEAD_LETTERS, outcome.deadLetter);
            } else if (outcome.isEvent()) {
                context.output(EVENTS, outcome.event);
            } else if (outcome.isComparison()) {
                context.output(COMPARISONS, outcome.comparison);
            } else {
                out.collect(outcome.output);
            }
        }
    }
}
