package dev.flinfer.jobs.bench;

import dev.flinfer.generation.Generated;
import dev.flinfer.generation.Generator;
import dev.flinfer.generation.Sequence;
import dev.flinfer.tasks.generation.GenerationModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The greedy loop with the cache on ONNX Runtime alone, in process, over prompts prepared
 * beforehand, three ways: one record at a time, static batches run to their end, and continuous
 * batching (a waiting record joins the running batch whenever one leaves it). Each runs through
 * {@link GenerationModel}'s {@code start}, {@code join} and {@code step}, the calls its {@code
 * infer} makes for a static batch, so the first token of each record can be timed: a record's first
 * token is chosen by the {@code join} that starts it (the prompt's one call), so its time to first
 * token is that call's time.
 */
final class GenerationLoops {
    private final GenerationModel model;

    GenerationLoops(GenerationModel model) {
        this.model = model;
    }

    /** One record at a time: {@code infer(List.of(one))}, record after record. */
    GenerationFigures.Mode oneAtATime(List<String> prompts) throws Exception {
        return staticBatches("one at a time", prompts, 1);
    }

    /** Batches of {@code size} records in arrival order, each run until its last is done. */
    GenerationFigures.Mode staticBatches(String name, List<String> prompts, int size)
            throws Exception {
        List<Sequence> sequences = prepare(prompts);
        Timing timing = new Timing(name, size);
        long start = System.nanoTime();
        for (int from = 0; from < sequences.size(); from += size) {
            List<Sequence> batch = sequences.subList(from, Math.min(sequences.size(), from + size));
            Generator.Run<Sequence> run = model.start();
            timing.join(run, batch);
            int live = batch.size();
            while (live > 0) {
                live -= timing.step(run).size();
            }
        }
        return timing.done(System.nanoTime() - start, sequences);
    }

    /**
     * Continuous batching: up to {@code size} live sequences; before every step, waiting records
     * join to fill the batch up again, as the engine's stepped worker lets them.
     */
    GenerationFigures.Mode continuous(List<String> prompts, int size) throws Exception {
        List<Sequence> sequences = prepare(prompts);
        Timing timing = new Timing("continuous batching", size);
        long start = System.nanoTime();
        Generator.Run<Sequence> run = model.start();
        int next = 0;
        int live = 0;
        while (next < sequences.size() || live > 0) {
            if (live < size && next < sequences.size()) {
                int joining = Math.min(size - live, sequences.size() - next);
                timing.join(run, sequences.subList(next, next + joining));
                next += joining;
                live += joining;
            }
            live -= timing.step(run).size();
        }
        return timing.done(System.nanoTime() - start, sequences);
    }

    private List<Sequence> prepare(List<String> prompts) throws Exception {
        List<Sequence> sequences = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            sequences.add(model.prepare(prompts.get(i), i));
        }
        return sequences;
    }

    /** Tokens counted: new tokens plus the end-of-sequence token (each one a chosen token). */
    static int chosenTokens(Generated generated) {
        return generated.tokens()
                + (generated.finishReason() == Generated.FinishReason.EOS ? 1 : 0);
    }

    /** Times joins and steps, and the live rows of each step. */
    private final class Timing {
        private final String name;
        private final int batchSize;
        private final List<Long> firstTokenNanos = new ArrayList<>();
        private long joinNanos;
        private long stepNanos;
        private long steps;
        private long liveRows;

        Timing(String name, int batchSize) {
            this.name = name;
            this.batchSize = batchSize;
        }

        void join(Generator.Run<Sequence> run, List<Sequence> joining) throws Exception {
            long from = System.nanoTime();
            model.join(run, joining, Function.identity());
            long took = System.nanoTime() - from;
            joinNanos += took;
            for (int i = 0; i < joining.size(); i++) {
                firstTokenNanos.add(took);
            }
        }

        List<Sequence> step(Generator.Run<Sequence> run) throws Exception {
            int rows = run.rows();
            long from = System.nanoTime();
            List<Sequence> done = model.step(run);
            if (rows > 0) {
                stepNanos += System.nanoTime() - from;
                steps++;
                liveRows += rows;
            }
            return done;
        }

        GenerationFigures.Mode done(long nanos, List<Sequence> sequences) {
            long tokens = 0;
            long textTokens = 0;
            int eos = 0;
            for (Sequence sequence : sequences) {
                Generated generated = model.result(sequence);
                tokens += chosenTokens(generated);
                textTokens += generated.tokens();
                eos += generated.finishReason() == Generated.FinishReason.EOS ? 1 : 0;
            }
            long[] ttft = firstTokenNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return new GenerationFigures.Mode(
                    name,
                    batchSize,
                    sequences.size(),
                    tokens,
                    textTokens,
                    eos,
                    nanos / 1e9,
                    percentileMs(ttft, 0.50),
                    percentileMs(ttft, 0.99),
                    steps == 0 ? 0 : (double) liveRows / steps,
                    steps == 0 ? 0 : stepNanos / 1e6 / steps,
                    joinNanos / 1e9);
        }
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank))] / 1e6;
    }
}
