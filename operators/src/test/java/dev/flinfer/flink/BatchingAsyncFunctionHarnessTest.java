package dev.flinfer.flink;

import static dev.flinfer.flink.TestRecords.record;
import static dev.flinfer.flink.TestRecords.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.flink.internal.BatchingAsyncFunction;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The operator around the engine, in Flink's operator test harness, with the real MiniLM model. */
@Timeout(120)
class BatchingAsyncFunctionHarnessTest {
    private static final TypeSerializer<SourceRecord> SERIALIZER =
            TypeInformation.of(SourceRecord.class).createSerializer(new SerializerConfigImpl());

    private static OneInputStreamOperatorTestHarness<SourceRecord, Outcome> harness(
            Duration maxLatency) throws Exception {
        TextEmbeddings embeddings =
                TextEmbeddings.builder()
                        .setModel("all-minilm-l6-v2")
                        .setDevice("cpu")
                        .setIntraOpThreads(2)
                        .setMaxBatchSize(64)
                        .setMaxLatency(maxLatency)
                        .build();
        BatchingAsyncFunction function =
                new BatchingAsyncFunction(embeddings.factory(), embeddings.policy());
        return new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(
                        function,
                        60_000,
                        embeddings.capacity(),
                        AsyncDataStream.OutputMode.ORDERED),
                SERIALIZER);
    }

    private static List<SourceRecord> inputs() {
        return List.of(
                text(0, "first record waiting in a batch"),
                record(1, "{not json"),
                text(2, "second record"),
                text(3, "   "),
                text(4, "third record, the last one"));
    }

    @Test
    void recordsWaitingInABatchSurviveACheckpointAndARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var before = harness(Duration.ofMinutes(10))) {
            before.open();
            for (SourceRecord input : inputs()) {
                before.processElement(input, input.timestamp);
            }
            // The batch is far from full and its deadline far away: nothing has been emitted yet.
            assertThat(outcomes(before)).isEmpty();
            snapshot = before.snapshot(1L, 1L);
            // The task fails here: the engine and its waiting batch are gone.
        }

        try (var after = harness(Duration.ofMillis(50))) {
            after.initializeState(snapshot);
            after.open();
            after.endInput();
            List<Outcome> outcomes = outcomes(after);
            assertThat(outcomes).hasSize(5);
            assertThat(outcomes)
                    .extracting(
                            o -> o.isDeadLetter() ? o.deadLetter.record.offset : o.output.offset)
                    .containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(outcomes)
                    .extracting(Outcome::isDeadLetter)
                    .containsExactly(false, true, false, true, false);
            assertThat(outcomes.get(1).deadLetter.code).isEqualTo("malformed-json");
            assertThat(outcomes.get(3).deadLetter.code).isEqualTo("empty-text");
            assertThat(TestRecords.vector(outcomes.get(4).output)).hasSize(384);
        }
    }

    @Test
    void aBatchClosesOnTheLatencyBoundInsideTheOperator() throws Exception {
        try (var harness = harness(Duration.ofMillis(200))) {
            harness.open();
            long start = System.nanoTime();
            harness.processElement(text(0, "a lone record"), 0L);
            harness.processElement(text(1, "and its neighbour"), 0L);
            harness.endInput();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(outcomes(harness)).hasSize(2).noneMatch(Outcome::isDeadLetter);
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(190);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Outcome> outcomes(
            OneInputStreamOperatorTestHarness<SourceRecord, Outcome> harness) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                outcomes.add(((StreamRecord<Outcome>) record).getValue());
            }
        }
        return outcomes;
    }
}
