package dev.flinfer.jobs.bench;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.engine.BatchReport;
import dev.flinfer.engine.BatchingEngine;
import dev.flinfer.engine.EngineListener;
import dev.flinfer.generation.Generated;
import dev.flinfer.generation.Generator;
import dev.flinfer.generation.Sequence;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.generation.GenerationAdapter;
import dev.flinfer.tasks.generation.GenerationModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Continuous batching through the operator's {@link BatchingEngine} and its stepped worker, in
 * process without Flink or Kafka: the prompts are submitted at once (tokenized on the engine's
 * preparation threads) and timed until the last outcome. Between the in-process loop and the job
 * end to end, it shows what the engine costs and what Flink and Kafka do.
 */
final class EngineGeneration {
    private EngineGeneration() {}

    static GenerationFigures.Mode run(
            GenerationModel model, List<String> prompts, int size, long maxLatencyMs)
            throws Exception {
        AtomicLong steps = new AtomicLong();
        AtomicLong live = new AtomicLong();
        AtomicLong stepNanos = new AtomicLong();
        EngineListener listener =
                (BatchReport report) -> {
                    steps.incrementAndGet();
                    live.addAndGet(report.size());
                    stepNanos.addAndGet(report.inferNanos());
                };
        BatchPolicy policy =
                new BatchPolicy(
                        size,
                        Duration.ofMillis(maxLatencyMs),
                        2,
                        false,
                        1,
                        FlinferOptions.MAX_BATCH_TOKENS.defaultValue());
        // the engine closes its task on close; the model stays open for the caller
        BatchingEngine<String, Sequence, Generator.Run<Sequence>, Generated> engine =
                new BatchingEngine<>("bench-generation", new Task(model), policy, listener);
        List<CompletableFuture<Generated>> futures = new ArrayList<>(prompts.size());
        long[] submitted = new long[prompts.size()];
        long[] latencies = new long[prompts.size()];
        long start = System.nanoTime();
        try {
            for (int i = 0; i < prompts.size(); i++) {
                submitted[i] = System.nanoTime();
                int index = i;
                futures.add(
                        engine.submit(prompts.get(i))
                                .whenComplete(
                                        (generated, error) ->
                                                latencies[index] =
                                                        System.nanoTime() - submitted[index]));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
        } finally {
            engine.close();
        }
        long nanos = System.nanoTime() - start;
        long tokens = 0;
        long textTokens = 0;
        int eos = 0;
        for (CompletableFuture<Generated> future : futures) {
            Generated generated = future.join();
            tokens += GenerationLoops.chosenTokens(generated);
            textTokens += generated.tokens();
            eos += generated.finishReason() == Generated.FinishReason.EOS ? 1 : 0;
        }
        java.util.Arrays.sort(latencies);
        return new GenerationFigures.Mode(
                "engine, continuous*",
                size,
                prompts.size(),
                tokens,
                textTokens,
                eos,
                nanos / 1e9,
                GenerationLoops.percentileMs(latencies, 0.50),
                GenerationLoops.percentileMs(latencies, 0.99),
                steps.get() == 0 ? 0 : (double) live.get() / steps.get(),
                steps.get() == 0 ? 0 : stepNanos.get() / 1e6 / steps.get(),
                Double.NaN);
    }

    /** The model as a stepped task over texts; closing it leaves the model open and running. */
    private static final class Task extends GenerationAdapter<String, Sequence, Generated> {
        private final AtomicLong salt = new AtomicLong();

        Task(GenerationModel model) {
            super(model, Function.identity());
        }

        @Override
        public Sequence prepare(String text) throws BadRecordException {
            return model().prepare(text, salt.incrementAndGet());
        }

        @Override
        public Generated finish(
                String text, Sequence sequence, Generator.Run<Sequence> run, int i) {
            return model().result(sequence);
        }

        @Override
        public Generated reject(String text, BadRecordException error) {
            throw new IllegalStateException("bench prompt rejected: " + error.getMessage(), error);
        }

        /** Closing the engine stops runs on the session: the model goes on serving the others. */
        @Override
        public void stopRuns() {}

        @Override
        public void close() {}
    }
}
