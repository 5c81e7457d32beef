package dev.flinfer.flink;

import static dev.flinfer.flink.TestRecords.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.engine.BatchReport;
import dev.flinfer.engine.EngineListener;
import dev.flinfer.flink.internal.SharedEngines;
import dev.flinfer.record.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Engines shared by the slots of a TaskManager, with the real MiniLM model. */
@Timeout(120)
class SharedEnginesTest {

    private static TextEmbeddings embeddings(int maxBatchSize) {
        return TextEmbeddings.builder()
                .setModel("all-minilm-l6-v2")
                .setDevice("cpu")
                .setIntraOpThreads(1)
                .setMaxBatchSize(maxBatchSize)
                .setMaxLatency(Duration.ofMillis(5))
                .setSharedEngine(true)
                .build();
    }

    private static EngineListener into(List<BatchReport> reports) {
        return reports::add;
    }

    @Test
    void slotsWithTheSameTaskAndPolicyShareOneEngineUntilTheLastLetsGo() throws Exception {
        TextEmbeddings embeddings = embeddings(16);
        // Each subtask deserializes its own copy of the factory: equal, not the same object.
        TextEmbeddings copy = embeddings(16);
        List<BatchReport> first = new CopyOnWriteArrayList<>();
        List<BatchReport> second = new CopyOnWriteArrayList<>();
        int before = SharedEngines.openEngines();

        SharedEngines.Lease a = SharedEngines.acquire(embeddings.factory(), embeddings.policy());
        a.listen(into(first));
        SharedEngines.Lease b = SharedEngines.acquire(copy.factory(), copy.policy());
        b.listen(into(second));
        try {
            assertThat(b.engine()).isSameAs(a.engine());
            assertThat(b.device()).isEqualTo(a.device()).isEqualTo("cpu");
            assertThat(SharedEngines.openEngines()).isEqualTo(before + 1);

            Outcome outcome =
                    b.engine().submit(text(1, "shared between slots")).get(30, TimeUnit.SECONDS);
            assertThat(outcome.isDeadLetter()).isFalse();
            assertThat(first).isNotEmpty();
            assertThat(second).hasSameSizeAs(first);

            a.release();
            a.release();
            Outcome after =
                    b.engine()
                            .submit(text(2, "still open for the other"))
                            .get(30, TimeUnit.SECONDS);
            assertThat(after.isDeadLetter()).isFalse();
        } finally {
            b.release();
        }
        assertThat(SharedEngines.openEngines()).isEqualTo(before);
        assertThatThrownBy(() -> b.engine().submit(text(3, "too late")).get(30, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void anotherPolicyGetsAnEngineOfItsOwn() {
        TextEmbeddings small = embeddings(8);
        TextEmbeddings large = embeddings(64);
        SharedEngines.Lease a = SharedEngines.acquire(small.factory(), small.policy());
        SharedEngines.Lease b = SharedEngines.acquire(large.factory(), large.policy());
        try {
            assertThat(b.engine()).isNotSameAs(a.engine());
        } finally {
            a.release();
            b.release();
        }
    }
}
