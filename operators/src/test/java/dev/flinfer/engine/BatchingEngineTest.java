package dev.flinfer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BatchingEngineTest {

    private static BatchingEngine<String, String, List<String>, String> engine(
            RecordingTask task, int maxBatch, Duration maxLatency, EngineListener listener) {
        return new BatchingEngine<>(
                "test", task, new BatchPolicy(maxBatch, maxLatency, 1), listener);
    }

    @Test
    void aBatchClosesAsSoonAsItIsFull() throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        try (var engine = engine(task, 4, Duration.ofMinutes(10), EngineListener.NONE)) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(engine.submit("r" + i));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("R" + i);
            }
            assertThat(task.batchSizes).containsExactly(4, 4);
        }
    }

    @Test
    void twoInferenceWorkersRunTwoBatchesAtOnce() throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        CountDownLatch gate = new CountDownLatch(1);
        task.gate = gate;
        BatchPolicy policy = new BatchPolicy(2, Duration.ofMinutes(10), 1, true, 2);
        try (var engine = new BatchingEngine<>("test", task, policy, EngineListener.NONE)) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(engine.submit("r" + i));
            }
            // Both workers are inside infer, each with a full batch, before either may finish.
            assertThat(task.inside.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(task.batchSizes).isEmpty();
            gate.countDown();
            for (int i = 0; i < 4; i++) {
                assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("R" + i);
            }
            assertThat(task.batchSizes).containsExactly(2, 2);
        }
    }

    @Test
    void oneInferenceWorkerRunsOneBatchAtATime() throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        CountDownLatch gate = new CountDownLatch(1);
        task.gate = gate;
        try (var engine = engine(task, 2, Duration.ofMinutes(10), EngineListener.NONE)) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(engine.submit("r" + i));
            }
            assertThat(task.entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(task.inside.await(300, TimeUnit.MILLISECONDS)).isFalse();
            gate.countDown();
            for (int i = 0; i < 4; i++) {
                assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("R" + i);
            }
            assertThat(task.batchSizes).containsExactly(2, 2);
        }
    }

    @Test
    void closingStopsARunningBatchWhoseRecordsAreCancelledNotDeadLettered() throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        task.gate = new CountDownLatch(1);
        var engine = engine(task, 2, Duration.ofMinutes(10), EngineListener.NONE);
        CompletableFuture<String> first = engine.submit("a");
        CompletableFuture<String> second = engine.submit("b");
        assertThat(task.entered.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        engine.close();

        // Without stopRuns the close would wait out its 30 s and leave the model open.
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
        assertThat(task.closed).isTrue();
        for (CompletableFuture<String> future : List.of(first, second)) {
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void aBatchClosesOnTheLatencyBoundWhenItIsNotFull() throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        Duration maxLatency = Duration.ofMillis(300);
        try (var engine = engine(task, 100, maxLatency, EngineListener.NONE)) {
            long start = System.nanoTime();
            CompletableFuture<String> first = engine.submit("a");
            CompletableFuture<String> second = engine.submit("b");
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("A");
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("B");
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(waitedMillis)
                    .isGreaterThanOrEqualTo(maxLatency.toMillis() - 5)
                    .isLessThan(5_000);
            assertThat(task.batchSizes).containsExactly(2);
        }
    }

    @Test
    void aBadRecordIsRejectedWithoutDisturbingItsNeighbours() throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        try (var engine = engine(task, 3, Duration.ofMillis(50), EngineListener.NONE)) {
            var good = engine.submit("x");
            var bad = engine.submit("bad");
            var other = engine.submit("y");
            assertThat(good.get(10, TimeUnit.SECONDS)).isEqualTo("X");
            assertThat(bad.get(10, TimeUnit.SECONDS)).isEqualTo("DEAD[empty-text]:bad");
            assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo("Y");
        }
    }

    @Test
    void aPoisonRecordIsIsolatedByBisectionAndTheRestOfItsBatchSucceeds() throws Exception {
        RecordingTask task = new RecordingTask(r -> r.equals("px"));
        List<BatchReport> reports = new CopyOnWriteArrayList<>();
        try (var engine = engine(task, 8, Duration.ofMinutes(10), reports::add)) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // "px" is as long as its neighbours, so length bucketing keeps the eight together.
                futures.add(engine.submit(i == 5 ? "px" : "r" + i));
            }
            for (int i = 0; i < 8; i++) {
                String expected = i == 5 ? "DEAD[inference-failed]:px" : "R" + i;
                assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(expected);
            }
            assertThat(task.batchSizes.get(0)).isEqualTo(8);
            assertThat(reports.stream().mapToInt(BatchReport::size).sum()).isEqualTo(7);
        }
    }

    @Test
    void aMachineFaultIsNotDeadLetteredEvenWhenItsNeighboursSucceed() throws Exception {
        RecordingTask task = new RecordingTask(r -> r.startsWith("oom"));
        try (var engine = engine(task, 4, Duration.ofMinutes(10), EngineListener.NONE)) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(engine.submit(i == 2 ? "oom-record" : "r" + i));
            }
            assertThat(futures.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("R0");
            assertThatThrownBy(() -> futures.get(2).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(InferenceFailedException.class)
                    .hasMessageContaining("not the record's");
        }
    }

    @Test
    void aLoneRecordFailingWithOnnxRuntimesCudaFailureFailsTheEngineAndIsNotDeadLettered()
            throws Exception {
        RecordingTask task = new RecordingTask(r -> r.equals("x"));
        task.poisonMessage = MachineFaultsTest.CUDA_ILLEGAL_ADDRESS;
        try (var engine = engine(task, 4, Duration.ofMillis(1), EngineListener.NONE)) {
            CompletableFuture<String> alone = engine.submit("x");
            assertThatThrownBy(() -> alone.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(InferenceFailedException.class)
                    .hasMessageContaining("not the record's")
                    .hasMessageContaining("CUDA failure 700");
            assertThat(task.batchSizes).containsExactly(1);
        }
    }

    @Test
    void aDeviceThatBreaksAfterARecordRanFailsTheNextLoneRecordWhateverItsMessage()
            throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        try (var engine = engine(task, 4, Duration.ofMillis(1), EngineListener.NONE)) {
            assertThat(engine.submit("a").get(10, TimeUnit.SECONDS)).isEqualTo("A");
            task.brokenWith = "status 42: no message this engine knows";
            CompletableFuture<String> alone = engine.submit("b");
            assertThatThrownBy(() -> alone.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(InferenceFailedException.class)
                    .hasMessageContaining("a record that ran before fails alone now too");
            // "b" alone, then "a" alone again (the probe): both failed
            assertThat(task.batches).containsExactly(List.of("a"), List.of("b"), List.of("a"));
        }
    }

    @Test
    void aLoneRecordThatFailsWhileARecordThatRanBeforeStillRunsIsDeadLettered() throws Exception {
        RecordingTask task = new RecordingTask(r -> r.equals("px"));
        try (var engine = engine(task, 4, Duration.ofMillis(1), EngineListener.NONE)) {
            assertThat(engine.submit("a").get(10, TimeUnit.SECONDS)).isEqualTo("A");
            assertThat(engine.submit("px").get(10, TimeUnit.SECONDS))
                    .isEqualTo("DEAD[inference-failed]:px");
            assertThat(engine.submit("b").get(10, TimeUnit.SECONDS)).isEqualTo("B");
        }
    }

    @Test
    void beforeAnyRecordRanThreeLoneFailuresInARowAreTheMachines() throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        task.brokenWith = "status 42: no message this engine knows";
        try (var engine = engine(task, 4, Duration.ofMillis(1), EngineListener.NONE)) {
            List<String> outcomes = new ArrayList<>();
            Throwable failure = null;
            for (int i = 0; i < BatchingEngine.LONE_FAILURES_IN_A_ROW && failure == null; i++) {
                try {
                    outcomes.add(engine.submit("r" + i).get(10, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
            }
            // With nothing known to run, the first lone failures cannot be told from bad records.
            assertThat(outcomes).hasSize(BatchingEngine.LONE_FAILURES_IN_A_ROW - 1);
            assertThat(failure)
                    .isInstanceOf(InferenceFailedException.class)
                    .hasMessageContaining("3 records in a row failed alone");
        }
    }

    @Test
    void whenEveryRecordFailsAloneTheFaultIsTheModelsAndFuturesFail() throws Exception {
        RecordingTask task = new RecordingTask(r -> true);
        try (var engine = engine(task, 4, Duration.ofMinutes(10), EngineListener.NONE)) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(engine.submit("r" + i));
            }
            for (CompletableFuture<String> future : futures) {
                assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(InferenceFailedException.class)
                        .hasMessageContaining("failed on each of the 4 records");
            }
        }
    }

    @Test
    void reportsCarryBatchSizePaddingAndStageTimes() throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        List<BatchReport> reports = new CopyOnWriteArrayList<>();
        try (var engine = engine(task, 2, Duration.ofMinutes(10), reports::add)) {
            var a = engine.submit("ab");
            var b = engine.submit("abcd");
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
        }
        BatchReport report = reports.get(reports.size() - 1);
        assertThat(report.size()).isEqualTo(2);
        assertThat(report.realCost()).isEqualTo(6);
        assertThat(report.paddedCost()).isEqualTo(8);
        assertThat(report.paddingRatio()).isEqualTo(0.25);
        assertThat(report.inferNanos()).isPositive();
        assertThat(report.queueWaitNanos()).hasSize(2);
    }

    @Test
    void closeCancelsWaitingRecordsClosesTheTaskAndIsIdempotent() {
        RecordingTask task = new RecordingTask(r -> false);
        var engine = engine(task, 100, Duration.ofMinutes(10), EngineListener.NONE);
        CompletableFuture<String> waiting = engine.submit("never");
        engine.close();
        engine.close();
        assertThat(task.closed).isTrue();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                .isInstanceOf(CancellationException.class);
        assertThat(engine.submit("late")).isCompletedExceptionally();
    }

    @Test
    void atLowLoadVeryDifferentLengthsRunAsTwoBatchesBackToBack() throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        String longText = "b".repeat(200);
        try (var engine = engine(task, 10, Duration.ofMillis(500), EngineListener.NONE)) {
            long start = System.nanoTime();
            var a = engine.submit("a");
            var b = engine.submit(longText);
            var c = engine.submit("c");
            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("A");
            assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(longText.toUpperCase());
            assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo("C");
            // The long text does not wait a second latency bound for a batch of its own.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(950);
        }
        assertThat(task.batches).containsExactly(List.of("a", "c"), List.of(longText));
    }

    @Test
    void recordsThatPileUpBehindABusyModelAreBatchedByLength() throws Exception {
        assertThat(batchesAfterAPileUp(true))
                .containsExactly(
                        List.of("w1", "w2"), List.of("b", "d"), List.of("aaaaaaaa", "cccccccc"));
    }

    @Test
    void withoutLengthBucketsRecordsAreBatchedInArrivalOrder() throws Exception {
        assertThat(batchesAfterAPileUp(false))
                .containsExactly(
                        List.of("w1", "w2"), List.of("aaaaaaaa", "b"), List.of("cccccccc", "d"));
    }

    private static List<List<String>> batchesAfterAPileUp(boolean lengthBuckets) throws Exception {
        RecordingTask task = new RecordingTask(r -> false);
        CountDownLatch gate = new CountDownLatch(1);
        task.gate = gate;
        BatchPolicy policy = new BatchPolicy(2, Duration.ofMinutes(10), 1, lengthBuckets);
        try (var engine = new BatchingEngine<>("test", task, policy, EngineListener.NONE)) {
            List<CompletableFuture<String>> futures = new ArrayList<>();
            futures.add(engine.submit("w1"));
            futures.add(engine.submit("w2"));
            assertThat(task.entered.await(10, TimeUnit.SECONDS)).isTrue();
            for (String record : List.of("aaaaaaaa", "b", "cccccccc", "d")) {
                futures.add(engine.submit(record));
            }
            // The preparing thread queues the four records while the model is busy.
            Thread.sleep(200);
            gate.countDown();
            for (CompletableFuture<String> future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
        }
        return task.batches;
    }
}
