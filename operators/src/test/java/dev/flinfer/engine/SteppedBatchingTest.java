package dev.flinfer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine with a stepped task (what generation needs): sequences leave the running batch after
 * their own last step and waiting records join at the next step, within the sequence and token
 * bounds; a failed step isolates the record at fault.
 */
@Timeout(30)
class SteppedBatchingTest {

    private static BatchingEngine<
                    String, CountdownTask.Sequence, List<CountdownTask.Sequence>, String>
            engine(CountdownTask task, int maxSequences, long maxTokens, Duration maxLatency) {
        BatchPolicy policy =
                new BatchPolicy(maxSequences, maxLatency, 1, false, 1)
                        .withMaxBatchTokens(maxTokens);
        return new BatchingEngine<>("stepped", task, policy, EngineListener.NONE);
    }

    private static List<CompletableFuture<String>> submitWhileTheFirstStepWaits(
            BatchingEngine<String, ?, ?, String> engine, CountdownTask task, String... records)
            throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        task.firstStepGate = gate;
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (String record : records) {
            futures.add(engine.submit(record));
        }
        assertThat(task.prepared.await(10, TimeUnit.SECONDS)).isTrue();
        // every record is either in the held first batch or queued before the first step runs
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.waitingRecords() + task.joined.get() < records.length
                && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        gate.countDown();
        return futures;
    }

    @Test
    void aFinishedSequenceLeavesAtOnceAndAWaitingOneJoinsAtTheNextStep() throws Exception {
        CountdownTask task = new CountdownTask(3);
        try (var engine = engine(task, 2, BatchPolicy.UNBOUNDED_TOKENS, Duration.ofMinutes(10))) {
            List<CompletableFuture<String>> futures =
                    submitWhileTheFirstStepWaits(engine, task, "long:4", "short:1", "next:2");

            assertThat(futures.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("SHORT@1");
            assertThat(futures.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("NEXT@2");
            assertThat(futures.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("LONG@4");
            assertThat(task.steps)
                    .containsExactly(
                            List.of("long", "short"),
                            List.of("long", "next"),
                            List.of("long", "next"),
                            List.of("long"));
        }
    }

    @Test
    void theTokenBoundKeepsASequenceWaitingUntilOneLeaves() throws Exception {
        CountdownTask task = new CountdownTask(3);
        // costs 4 + 3 + 4 = 11 > 8: the third waits until the second leaves (the first batch
        // forms at its latency bound, with all three records ready)
        try (var engine = engine(task, 8, 8, Duration.ofSeconds(1))) {
            List<CompletableFuture<String>> futures =
                    submitWhileTheFirstStepWaits(engine, task, "a:3", "b:2", "c:3");

            for (CompletableFuture<String> future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
            assertThat(task.steps.get(0)).containsExactly("a", "b");
            assertThat(task.steps.get(1)).containsExactly("a", "b");
            assertThat(task.steps.get(2)).containsExactly("a", "c");
        }
    }

    @Test
    void aSequenceThatBreaksEveryStepIsDeadLetteredAndTheOthersComplete() throws Exception {
        CountdownTask task = new CountdownTask(3);
        try (var engine = engine(task, 3, BatchPolicy.UNBOUNDED_TOKENS, Duration.ofMinutes(10))) {
            List<CompletableFuture<String>> futures =
                    submitWhileTheFirstStepWaits(engine, task, "ok:2", "poison:2", "fine:1");

            assertThat(futures.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("OK@2");
            assertThat(futures.get(1).get(10, TimeUnit.SECONDS))
                    .isEqualTo("DEAD[inference-failed]:poison:2");
            assertThat(futures.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("FINE@1");
        }
    }

    @Test
    void threeBadSequencesInOneFailedStepAreDeadLetteredWhileTheOthersComplete() throws Exception {
        CountdownTask task = new CountdownTask(3);
        try (var engine = engine(task, 5, BatchPolicy.UNBOUNDED_TOKENS, Duration.ofMinutes(10))) {
            List<CompletableFuture<String>> futures =
                    submitWhileTheFirstStepWaits(
                            engine, task, "ok:2", "poison1:2", "poison2:1", "poison3:2", "fine:1");

            // the others ran on the same device: the three are at fault, not the machine
            assertThat(futures.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("OK@2");
            for (int i = 1; i <= 3; i++) {
                assertThat(futures.get(i).get(10, TimeUnit.SECONDS))
                        .startsWith("DEAD[inference-failed]:poison");
            }
            assertThat(futures.get(4).get(10, TimeUnit.SECONDS)).isEqualTo("FINE@1");
        }
    }

    @Test
    void theOneShotPathRunsAStepwiseTaskToItsEnd() {
        CountdownTask task = new CountdownTask(1);

        assertThat(OneRecord.run(task, "solo:3", EngineListener.NONE)).isEqualTo("SOLO@3");
        assertThat(task.steps).hasSize(3);
    }

    @Test
    void recordsJoiningABatchThatCannotStartAreRunAgainNotLost() throws Exception {
        CountdownTask task = new CountdownTask(2);
        task.failingStarts.set(1);
        try (var engine = engine(task, 2, BatchPolicy.UNBOUNDED_TOKENS, Duration.ofMinutes(10))) {
            CompletableFuture<String> a = engine.submit("a:2");
            CompletableFuture<String> b = engine.submit("b:1");

            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("A@2");
            assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("B@1");
        }
    }

    @Test
    void theOneShotPathDiscardsTheStateItRan() {
        CountdownTask task = new CountdownTask(1);

        OneRecord.run(task, "solo:2", EngineListener.NONE);

        assertThat(task.openStates.get()).isZero();
    }
}
