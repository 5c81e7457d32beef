package dev.flinfer.jobs;

import static dev.flinfer.jobs.GenerationRecords.JSON;
import static dev.flinfer.jobs.GenerationRecords.event;
import static dev.flinfer.jobs.GenerationRecords.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.flink.Outcomes;
import dev.flinfer.generation.Generated;
import dev.flinfer.jobs.io.Endpoint;
import dev.flinfer.jobs.io.KafkaEndpoints;
import dev.flinfer.kafka.DeadLetterSerializer;
import dev.flinfer.kafka.SourceRecordSerializer;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.generation.GenerationSalts;
import dev.flinfer.tasks.generation.TextGenerationTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sampled text generation ({@code --temperature 0.9 --sampling-top-k 50 --seed 11}) with a task
 * failure while generations are in flight: after the restart from the last checkpoint, every id
 * comes out exactly once, and its text is the one the record gets alone with the salt of its topic,
 * partition and offset, as in a run without failure (a replay samples the same text).
 *
 * <p>The failure comes from a map chained before the generation stage, at input offset 66 of each
 * partition: the map sees offset 66 only once offset 65 has been handed to the engine, which
 * generates after the hand-over, so the records just before it are still generating when it fires.
 */
@Timeout(300)
class GenerationFailoverKafkaITCase extends KafkaAndFlinkTestBase {
    private static final String PREFIX = "gen-fo";

    @Test
    void aFailureWithGenerationsInFlightLosesNothingDuplicatesNothingAndResamplesTheSame()
            throws Exception {
        Map<String, String> prompts = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            prompts.put("s-" + i, GenerationRecords.prompt(i, 2 + (i * 13) % 30));
        }
        List<byte[][]> events = new ArrayList<>();
        prompts.forEach((id, text) -> events.add(event(id, text)));
        int total = events.size();
        FailoverKafkaITCase.FailOnce.FIRED.set(0);
        FailoverKafkaITCase.FailOnce.LATEST_ATTEMPT.set(0);
        kafka.createTopic(PREFIX + "-in", 2);
        kafka.createTopic(PREFIX + "-out", 2);
        kafka.createTopic(PREFIX + "-dlq", 1);
        KafkaTestClient.produce(kafka.bootstrapServers(), PREFIX + "-in", events);

        List<String> args =
                GenerationRecords.jobArgs(
                        kafka.bootstrapServers(),
                        "text-generation",
                        PREFIX + "-in",
                        PREFIX + "-out",
                        PREFIX + "-dlq",
                        2);
        args.addAll(
                List.of(
                        "--max-new-tokens", "16",
                        "--temperature", "0.9",
                        "--sampling-top-k", "50",
                        "--seed", "11"));
        JobOptions options = GenerationRecords.cli(args.toArray(String[]::new));
        long started = System.nanoTime();
        JobClient job = startFailingOnce(options, total / 3);
        List<ConsumerRecord<byte[], byte[]>> output;
        try {
            // keep reading the output a little: a duplicate would arrive after the last new id
            output =
                    KafkaTestClient.consumeUntilThenFor(
                            kafka.bootstrapServers(),
                            PREFIX + "-out",
                            r -> r.size() >= total,
                            Duration.ofMinutes(3),
                            Duration.ofSeconds(2));
            assertThat(job.getJobExecutionResult().isDone()).isFalse();
        } finally {
            job.cancel().get();
        }
        System.out.printf(
                "generation failover: %d records in %.1f s%n",
                total, (System.nanoTime() - started) / 1e9);

        Map<String, Generated> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : output) {
            assertThat(byId.put(key(record), GenerationRecords.generated(readValue(record))))
                    .as("duplicate " + key(record))
                    .isNull();
        }
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(prompts.keySet());
        // the failure was injected, and records went through a restarted task attempt
        assertThat(FailoverKafkaITCase.FailOnce.FIRED.get())
                .as("injected failures")
                .isBetween(1, 2);
        assertThat(FailoverKafkaITCase.FailOnce.LATEST_ATTEMPT.get())
                .as("latest task attempt")
                .isGreaterThan(0);

        Map<String, long[]> positions =
                GenerationRecords.positions(kafka.bootstrapServers(), PREFIX + "-in", total);
        Map<String, Long> salts = new HashMap<>();
        positions.forEach(
                (id, p) -> salts.put(id, GenerationSalts.of(PREFIX + "-in", (int) p[0], p[1])));
        Map<String, Generated> alone =
                GenerationRecords.alone(TextGenerationTask.INSTANCE, options, prompts, salts);
        for (String id : prompts.keySet()) {
            assertThat(byId.get(id)).as(id + ": " + prompts.get(id)).isEqualTo(alone.get(id));
        }
        // sampling is on: the same prompt at another position may read differently
        assertThat(alone.values().stream().map(Generated::text).distinct().count())
                .isGreaterThan(prompts.size() / 2);
    }

    private static com.fasterxml.jackson.databind.JsonNode readValue(
            ConsumerRecord<byte[], byte[]> record) throws Exception {
        return JSON.readTree(record.value());
    }

    /**
     * The job's generation stage, between Kafka topics as {@link FlinferJob} puts it, behind a map
     * that fails the first task attempt at input offset {@code failAt}; checkpoints every 500 ms.
     */
    private static JobClient startFailingOnce(JobOptions options, long failAt) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(options.parallelism);
        Endpoint in = options.inputEndpoint();
        Endpoint out = options.outputEndpoint();
        Endpoint dlq = options.deadLetterEndpoint();
        DataStream<SourceRecord> records =
                env.fromSource(
                                KafkaEndpoints.source(in, PREFIX + "-group"),
                                WatermarkStrategy.noWatermarks(),
                                in.topic())
                        .map(new FailoverKafkaITCase.FailOnce(failAt))
                        .returns(SourceRecord.class);
        Outcomes.Split split = Outcomes.split(FlinferJob.stage(options).apply(records));
        split.records()
                .sinkTo(
                        KafkaEndpoints.sink(
                                out, new SourceRecordSerializer(out.topic()), true, out.topic()));
        split.deadLetters()
                .sinkTo(
                        KafkaEndpoints.sink(
                                dlq, new DeadLetterSerializer(dlq.topic()), true, dlq.topic()));
        return env.executeAsync(PREFIX);
    }
}
