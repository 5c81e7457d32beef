package dev.flinfer.flink;

import static dev.flinfer.flink.TestRecords.record;
import static dev.flinfer.flink.TestRecords.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.textembedding.TestModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The library's two entry points on a real MiniCluster with the real MiniLM model. */
@Timeout(180)
class TextEmbeddingsITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = new MiniClusterExtension();

    private static final TextEmbeddings EMBEDDINGS =
            TextEmbeddings.builder()
                    .setModel(TestModels.MINILM)
                    .setDevice("cpu")
                    .setIntraOpThreads(2)
                    .setMaxBatchSize(16)
                    .setMaxLatency(Duration.ofMillis(20))
                    .build();

    private static List<SourceRecord> inputs() {
        List<SourceRecord> inputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (i % 25 == 7) {
                inputs.add(record(i, i % 2 == 0 ? "[1,2,3]" : "{\"id\": \"x\", \"text\": 42}"));
            } else {
                inputs.add(text(i, "record number " + i + " " + "word ".repeat(i % 40)));
            }
        }
        return inputs;
    }

    private static List<Outcome> run(boolean batched) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<SourceRecord> records =
                env.fromData(inputs(), TypeInformation.of(SourceRecord.class));
        DataStream<Outcome> outcomes =
                batched
                        ? EMBEDDINGS.apply(records)
                        : records.map(EMBEDDINGS.mapFunction())
                                .returns(TypeInformation.of(Outcome.class));
        List<Outcome> collected = new ArrayList<>();
        try (CloseableIterator<Outcome> iterator = outcomes.executeAndCollect()) {
            iterator.forEachRemaining(collected::add);
        }
        return collected;
    }

    @Test
    void batchedAndPerRecordGiveTheSameOutcomesInInputOrder() throws Exception {
        List<Outcome> batched = run(true);
        List<Outcome> perRecord = run(false);
        assertThat(batched).hasSize(200);
        assertThat(perRecord).hasSize(200);
        for (int i = 0; i < 200; i++) {
            Outcome b = batched.get(i);
            Outcome p = perRecord.get(i);
            assertThat(b.isDeadLetter()).isEqualTo(i % 25 == 7);
            assertThat(p.isDeadLetter()).isEqualTo(b.isDeadLetter());
            if (b.isDeadLetter()) {
                assertThat(b.deadLetter.record.offset).isEqualTo(i);
                assertThat(b.deadLetter.code).isIn("not-a-json-object", "wrong-type");
                assertThat(b.deadLetter.code).isEqualTo(p.deadLetter.code);
            } else {
                assertThat(b.output.offset).isEqualTo(i);
                assertThat(
                                TestModels.cosine(
                                        TestRecords.vector(b.output), TestRecords.vector(p.output)))
                        .isGreaterThanOrEqualTo(0.99999);
            }
        }
    }

    @Test
    void splitSeparatesRecordsFromDeadLetters() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        Outcomes.Split split =
                Outcomes.split(
                        EMBEDDINGS.apply(
                                env.fromData(inputs(), TypeInformation.of(SourceRecord.class))));
        DataStream<String> tagged =
                split.records()
                        .map(r -> "ok:" + r.offset)
                        .union(split.deadLetters().map(d -> "dead:" + d.record.offset));
        List<String> all = new ArrayList<>();
        try (CloseableIterator<String> iterator = tagged.executeAndCollect()) {
            iterator.forEachRemaining(all::add);
        }
        assertThat(all).hasSize(200);
        assertThat(all.stream().filter(s -> s.startsWith("dead:"))).hasSize(8);
    }
}
