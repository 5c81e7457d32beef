package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.flink.ImageClassifications;
import dev.flinfer.flink.Outcomes;
import dev.flinfer.flink.TextEmbeddings;
import dev.flinfer.jobs.demo.TextLineRenderer;
import dev.flinfer.jobs.io.Endpoint;
import dev.flinfer.jobs.io.KafkaEndpoints;
import dev.flinfer.kafka.DeadLetterSerializer;
import dev.flinfer.kafka.SourceRecordSerializer;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
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
 * A task failure while records wait in micro-batches and inside inference: after the restart from
 * the last checkpoint, a read_committed consumer sees every id exactly once (none lost, none
 * twice).
 */
@Timeout(300)
class FailoverKafkaITCase extends KafkaAndFlinkTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Fails the first attempt of its task when it sees the record at {@code failAt} (offset), and
     * counts in this JVM (the MiniCluster's) the failures it injected and the highest attempt
     * number that processed a record.
     */
    static final class FailOnce extends RichMapFunction<SourceRecord, SourceRecord> {
        static final AtomicInteger FIRED = new AtomicInteger();
        static final AtomicInteger LATEST_ATTEMPT = new AtomicInteger();

        private final long failAt;

        FailOnce(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public SourceRecord map(SourceRecord record) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            LATEST_ATTEMPT.accumulateAndGet(attempt, Math::max);
            if (record.offset == failAt && attempt == 0) {
                FIRED.incrementAndGet();
                throw new IllegalStateException("injected failure at offset " + failAt);
            }
            return record;
        }
    }

    @Test
    void aFailureWithTextBatchesPendingLosesNothingAndDuplicatesNothing() throws Exception {
        List<byte[][]> events = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String id = "id-" + i;
            events.add(
                    new byte[][] {
                        id.getBytes(StandardCharsets.UTF_8),
                        JSON.createObjectNode()
                                .put("id", id)
                                .put("text", "event " + i + " for the failover test")
                                .toString()
                                .getBytes(StandardCharsets.UTF_8)
                    });
        }
        TextEmbeddings embeddings =
                TextEmbeddings.builder()
                        .setModel("all-minilm-l6-v2")
                        .setDevice("cpu")
                        .setIntraOpThreads(1)
                        .setMaxBatchSize(32)
                        .setMaxLatency(Duration.ofMillis(200))
                        .build();
        assertExactlyOnceAcrossAFailure("fo-text", events, embeddings::apply);
    }

    @Test
    void aFailureWithImageBatchesPendingLosesNothingAndDuplicatesNothing() throws Exception {
        List<byte[][]> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            events.add(
                    new byte[][] {
                        ("line-" + i).getBytes(StandardCharsets.UTF_8),
                        TextLineRenderer.render(
                                TextLineRenderer.randomLine(i), i % 2 == 0, "png", i)
                    });
        }
        ImageClassifications classifier =
                ImageClassifications.builder()
                        .setModel("text-orientation")
                        .setDevice("cpu")
                        .setIntraOpThreads(1)
                        .setMaxBatchSize(16)
                        .setMaxLatency(Duration.ofMillis(200))
                        .build();
        assertExactlyOnceAcrossAFailure("fo-image", events, classifier::apply);
    }

    /**
     * Runs {@code infer} between Kafka topics, fails the task once mid-stream, checks the output.
     */
    private static void assertExactlyOnceAcrossAFailure(
            String prefix,
            List<byte[][]> events,
            Function<DataStream<SourceRecord>, DataStream<Outcome>> infer)
            throws Exception {
        int total = events.size();
        FailOnce.FIRED.set(0);
        FailOnce.LATEST_ATTEMPT.set(0);
        kafka.createTopic(prefix + "-in", 2);
        kafka.createTopic(prefix + "-out", 2);
        kafka.createTopic(prefix + "-dlq", 1);
        KafkaTestClient.produce(kafka.bootstrapServers(), prefix + "-in", events);

        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        Endpoint in = Endpoint.parse("kafka://" + kafka.bootstrapServers() + "/" + prefix + "-in");
        Endpoint out =
                Endpoint.parse("kafka://" + kafka.bootstrapServers() + "/" + prefix + "-out");
        Endpoint dlq =
                Endpoint.parse("kafka://" + kafka.bootstrapServers() + "/" + prefix + "-dlq");
        DataStream<SourceRecord> records =
                env.fromSource(
                                KafkaEndpoints.source(in, prefix + "-group"),
                                WatermarkStrategy.noWatermarks(),
                                prefix + "-in")
                        .map(new FailOnce(total / 4))
                        .returns(SourceRecord.class);
        Outcomes.Split split = Outcomes.split(infer.apply(records));
        split.records()
                .sinkTo(
                        KafkaEndpoints.sink(
                                out,
                                new SourceRecordSerializer(prefix + "-out"),
                                true,
                                prefix + "-out"));
        split.deadLetters()
                .sinkTo(
                        KafkaEndpoints.sink(
                                dlq,
                                new DeadLetterSerializer(prefix + "-dlq"),
                                true,
                                prefix + "-dlq"));
        JobClient job = env.executeAsync(prefix);

        List<ConsumerRecord<byte[], byte[]>> output;
        try {
            // keep reading the output a little: a duplicate would arrive after the last new id
            output =
                    KafkaTestClient.consumeUntilThenFor(
                            kafka.bootstrapServers(),
                            prefix + "-out",
                            r -> r.size() >= total,
                            Duration.ofMinutes(3),
                            Duration.ofSeconds(2));
            assertThat(job.getJobExecutionResult().isDone()).isFalse();
        } finally {
            job.cancel().get();
        }
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : output) {
            assertThat(record.topic()).isEqualTo(prefix + "-out");
            counts.merge(new String(record.key(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        assertThat(counts).hasSize(total);
        assertThat(counts.values()).containsOnly(1);
        // the failure was injected, and records went through a restarted task attempt
        assertThat(FailOnce.FIRED.get()).as("injected failures").isBetween(1, 2);
        assertThat(FailOnce.LATEST_ATTEMPT.get()).as("latest task attempt").isGreaterThan(0);
    }
}
