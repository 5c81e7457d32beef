package dev.flinfer.tasks.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.engine.BatchingEngine;
import dev.flinfer.generation.Decoding;
import dev.flinfer.generation.Generated;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.FlinferOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Continuous batching on the real generated decoder, through the engine: a short generation that
 * arrives while a long one runs joins the running batch and leaves it after its own few steps, so
 * it is done long before its neighbour.
 */
@Timeout(120)
class ContinuousGenerationTest {
    private static final int MAX_NEW_TOKENS = 200;

    @Test
    void aShortGenerationIsNotHeldBehindALongOne() throws Exception {
        List<String> candidates =
                List.of(
                        "the weather is",
                        "stream processing",
                        "a",
                        "kafka topics hold records",
                        "once upon a time",
                        "models change every week",
                        "flink keeps state in checkpoints",
                        "hello world",
                        "red green blue",
                        "the quick brown fox jumps over the lazy dog",
                        "music",
                        "a long road through the mountains to the city",
                        "water",
                        "why",
                        "numbers and letters",
                        "summer rain on a quiet street",
                        "coffee",
                        "the end of the story");
        Map<String, Generated> alone;
        try (GenerationModel model =
                GenerationModel.open(
                        ModelCatalog.resolve("gpt2-tiny-seeded"),
                        SessionSettings.cpu(1),
                        Decoding.greedy(MAX_NEW_TOKENS),
                        "{text}",
                        false)) {
            alone =
                    candidates.stream()
                            .collect(
                                    Collectors.toMap(
                                            text -> text,
                                            text -> {
                                                try {
                                                    return model.result(
                                                            model.infer(
                                                                    List.of(model.prepare(text))),
                                                            0);
                                                } catch (Exception e) {
                                                    throw new IllegalStateException(e);
                                                }
                                            }));
        }
        Comparator<String> byLength = Comparator.comparingInt(text -> alone.get(text).tokens());
        String longest = candidates.stream().max(byLength).orElseThrow();
        String shortest = candidates.stream().min(byLength).orElseThrow();
        int longTokens = alone.get(longest).tokens();
        int shortTokens = alone.get(shortest).tokens();
        assertThat(longTokens)
                .as("a long generation to hide behind")
                .isGreaterThan(4 * (shortTokens + 1));

        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MODEL, "gpt2-tiny-seeded");
        conf.set(FlinferOptions.DEVICE, "cpu");
        conf.set(FlinferOptions.INTRA_OP_THREADS, 1);
        conf.set(FlinferOptions.MAX_NEW_TOKENS, MAX_NEW_TOKENS);
        GenerationSettings settings = TextGenerationTask.INSTANCE.settings(conf);
        @SuppressWarnings("unchecked")
        BatchTask<SourceRecord, Object, Object, Outcome> task =
                (BatchTask<SourceRecord, Object, Object, Outcome>)
                        TextGenerationTask.INSTANCE.openRecords(settings);
        BatchPolicy policy = new BatchPolicy(8, Duration.ofMillis(2), 1, false, 1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (var engine =
                new BatchingEngine<>(
                        "generate", task, policy, report -> sizes.add(report.size()))) {
            // the record path's first runs (JSON, the engine's threads, a batch of two) are slow
            CompletableFuture<Outcome> warmLong = engine.submit(record(100, longest));
            engine.submit(record(101, shortest)).get(60, TimeUnit.SECONDS);
            warmLong.get(60, TimeUnit.SECONDS);
            sizes.clear();
            long start = System.nanoTime();
            CompletableFuture<Outcome> slow = engine.submit(record(0, longest));
            long shortStart = System.nanoTime();
            CompletableFuture<Outcome> quick = engine.submit(record(1, shortest));
            Outcome quickOutcome = quick.get(60, TimeUnit.SECONDS);
            long shortLatency = System.nanoTime() - shortStart;
            boolean longStillRunning = !slow.isDone();
            Outcome slowOutcome = slow.get(60, TimeUnit.SECONDS);
            long longLatency = System.nanoTime() - start;

            assertThat(text(quickOutcome)).contains("\"tokens\":" + shortTokens);
            assertThat(text(slowOutcome)).contains("\"tokens\":" + longTokens);
            assertThat(longStillRunning).as("the short one finished first").isTrue();
            // the short one shared the batch for its own steps only, then the long one ran on
            // alone: a static batch would have held the short one for all the long one's steps
            long together = sizes.stream().filter(size -> size == 2).count();
            long single = sizes.stream().filter(size -> size == 1).count();
            assertThat(together)
                    .as(
                            "steps of both; short: %d tokens in %d ms, long: %d tokens in %d ms,"
                                    + " steps %s",
                            shortTokens,
                            shortLatency / 1_000_000,
                            longTokens,
                            longLatency / 1_000_000,
                            sizes)
                    .isBetween((long) shortTokens - 1, (long) shortTokens + 1);
            assertThat(together + single).isBetween((long) longTokens - 1, (long) longTokens + 1);
        }
    }

    private static SourceRecord record(long offset, String text) {
        String json = "{\"id\": " + offset + ", \"text\": \"" + text + "\"}";
        return new SourceRecord(
                "prompts", 0, offset, 0L, null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Outcome outcome) {
        assertThat(outcome.isDeadLetter()).as(String.valueOf(outcome)).isFalse();
        return new String(outcome.output.value, StandardCharsets.UTF_8).replace(" ", "");
    }
}
