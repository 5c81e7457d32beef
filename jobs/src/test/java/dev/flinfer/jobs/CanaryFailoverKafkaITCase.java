package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.lifecycle.ServingPlan;
import dev.flinfer.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task failure while a canary runs: the job restarts from its last checkpoint, and the restored
 * plan routes every key to the version it had before (a canary key stays on the new version, the
 * others on the old one), with every id exactly once.
 */
@Timeout(400)
class CanaryFailoverKafkaITCase extends KafkaAndFlinkTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEYS = 40;
    private static final int CANARY_PERCENT = 30;

    @TempDir Path repository;

    /** Once armed by the test, fails the first attempt of its task at its next record. */
    static final class FailWhenArmed extends RichMapFunction<SourceRecord, SourceRecord> {
        static final AtomicBoolean ARMED = new AtomicBoolean();
        static final AtomicInteger FIRED = new AtomicInteger();
        static final AtomicInteger LATEST_ATTEMPT = new AtomicInteger();

        @Override
        public SourceRecord map(SourceRecord record) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            LATEST_ATTEMPT.accumulateAndGet(attempt, Math::max);
            if (ARMED.get() && attempt == 0 && FIRED.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected failure during the canary");
            }
            return record;
        }
    }

    @Test
    void afterARestoreDuringACanaryEveryKeyKeepsItsVersion() throws Exception {
        Path model = repository.resolve("encoder");
        ModelSwapKafkaITCase.copyBundle("all-minilm-l6-v2", model.resolve("1"));
        ModelSwapKafkaITCase.copyBundle("all-minilm-l6-v2-int8", model.resolve("2"));
        String p = "canary-fo";
        ModelSwapKafkaITCase.topics(p);
        JobOptions options =
                options(JobOptions.Task.TEXT_EMBEDDING, p + "-in", p + "-out", p + "-dlq", 2);
        options.model = model.resolve("1").toString();
        options.jobName = "it-" + p;
        options.checkpointIntervalMs = 300;
        options.lifecycle.modelControl = ModelSwapKafkaITCase.uri(p + "-ctl");
        options.lifecycle.modelEvents = ModelSwapKafkaITCase.uri(p + "-events");
        FailWhenArmed.ARMED.set(false);
        FailWhenArmed.FIRED.set(0);
        FailWhenArmed.LATEST_ATTEMPT.set(0);
        StreamExecutionEnvironment env = JobEnvironment.create(options);
        FlinferJob.build(
                env, options, records -> records.map(new FailWhenArmed()).name("fail-when-armed"));
        JobClient job = env.executeAsync(options.jobName());
        ModelSwapKafkaITCase.Producer producer =
                ModelSwapKafkaITCase.Producer.start(p + "-in", 50_000, 5, KEYS);
        List<ConsumerRecord<byte[], byte[]>> out;
        int total;
        try {
            KafkaTestClient.consumeUntil(
                    kafka.bootstrapServers(),
                    p + "-out",
                    r -> r.size() >= 100,
                    Duration.ofMinutes(2));
            ModelSwapKafkaITCase.command(
                    p,
                    "{\"model\": \"encoder\", \"canary\": {\"version\": 2, \"percent\": "
                            + CANARY_PERCENT
                            + "}}");
            // committed (read_committed) records on version 2: a checkpoint holds the canary
            int before =
                    KafkaTestClient.consumeUntil(
                                    kafka.bootstrapServers(),
                                    p + "-out",
                                    r ->
                                            ModelSwapKafkaITCase.withValue(
                                                            r, "/embedding/model_version", "2")
                                                    >= 40,
                                    Duration.ofMinutes(2))
                            .size();
            FailWhenArmed.ARMED.set(true);
            KafkaTestClient.consumeUntil(
                    kafka.bootstrapServers(),
                    p + "-out",
                    r -> FailWhenArmed.LATEST_ATTEMPT.get() > 0 && r.size() >= before + 300,
                    Duration.ofMinutes(3));
            producer.stop();
            total = producer.sent();
            out =
                    KafkaTestClient.consumeUntilThenFor(
                            kafka.bootstrapServers(),
                            p + "-out",
                            r -> r.size() >= total,
                            Duration.ofMinutes(3),
                            Duration.ofSeconds(2));
            assertThat(job.getJobExecutionResult().isDone()).isFalse();
        } finally {
            producer.stop();
            job.cancel().get();
        }
        assertThat(FailWhenArmed.FIRED.get()).as("injected failures").isEqualTo(1);
        assertThat(FailWhenArmed.LATEST_ATTEMPT.get()).as("latest task attempt").isPositive();

        Set<String> canaryKeys = new HashSet<>();
        for (int k = 0; k < KEYS; k++) {
            String key = "key-" + k;
            if (ServingPlan.bucket(key.getBytes(StandardCharsets.UTF_8), key)
                    < CANARY_PERCENT * 100) {
                canaryKeys.add(key);
            }
        }
        assertThat(canaryKeys).isNotEmpty().hasSizeLessThan(KEYS);
        Map<String, Integer> ids = new HashMap<>();
        Map<String, TreeMap<Integer, Integer>> versionsByKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            JsonNode event = JSON.readTree(record.value());
            String id = event.get("id").asText();
            ids.merge(id, 1, Integer::sum);
            versionsByKey
                    .computeIfAbsent(
                            new String(record.key(), StandardCharsets.UTF_8), k -> new TreeMap<>())
                    .put(
                            Integer.parseInt(id.substring(3)),
                            event.path("embedding").path("model_version").asInt());
        }
        assertThat(ids).hasSize(total);
        assertThat(ids.values()).as("every id exactly once").containsOnly(1);
        assertThat(versionsByKey).hasSize(KEYS);
        for (Map.Entry<String, TreeMap<Integer, Integer>> key : versionsByKey.entrySet()) {
            // in production order: version 1 until the canary, then the key's canary version for
            // good, through the failure and the restore
            List<Integer> sequence = new ArrayList<>(key.getValue().values());
            if (canaryKeys.contains(key.getKey())) {
                int cut = sequence.indexOf(2);
                assertThat(cut).as("first record of %s on version 2", key.getKey()).isPositive();
                assertThat(sequence.subList(cut, sequence.size()))
                        .as("%s after the canary began", key.getKey())
                        .containsOnly(2);
            } else {
                assertThat(sequence).as("%s, not in the canary", key.getKey()).containsOnly(1);
            }
        }
    }
}
