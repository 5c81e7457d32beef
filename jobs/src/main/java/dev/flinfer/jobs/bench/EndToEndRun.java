package dev.flinfer.jobs.bench;

import dev.flinfer.jobs.FlinferJob;
import dev.flinfer.jobs.JobEnvironment;
import dev.flinfer.jobs.JobOptions;
import dev.flinfer.jobs.demo.DemoKafka;
import dev.flinfer.jobs.local.EmbeddedKafka;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One Flinfer job between two topics of the in-process broker, on a local MiniCluster: throughput
 * over a topic filled beforehand, or latency at a fixed offered rate. Delivery is at-least-once, so
 * what is measured is the pipeline, not the checkpoint interval (exactly-once output becomes
 * visible at each checkpoint, which adds up to one interval to the latency a reader sees).
 */
final class EndToEndRun {
    private static final AtomicInteger RUNS = new AtomicInteger();
    static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    /** The JIT counts as quiet when it compiled for less than this share of a second. */
    private static final double JIT_QUIET_SHARE = 0.02;

    /**
     * Throughput and where the time went; {@code jitPercent} is the JIT's compile time during the
     * timed part, in percent of one core.
     */
    record Result(
            double perSecond,
            double jitPercent,
            double meanBatchSize,
            double paddingRatio,
            double queueMs,
            double preprocessMs,
            double inferenceMsPerBatch,
            double postprocessMs) {}

    /** Latency percentiles at {@code offeredRate} records per second. */
    record Latency(double offeredRate, int records, long p50Ms, long p99Ms, long maxMs) {}

    private final EmbeddedKafka kafka;

    EndToEndRun(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    /**
     * Writes {@code count} records to a new topic, cycling through {@code values} (keys are the
     * record numbers), and returns its name.
     */
    String fill(String name, List<byte[]> values, int count) throws Exception {
        String topic = name + "-in-" + RUNS.incrementAndGet();
        kafka.createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = DemoKafka.producer(kafka)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, key(i), values.get(i % values.size())));
            }
            producer.flush();
        }
        return topic;
    }

    /**
     * Runs the job over {@code inputTopic} (filled with {@code records} records) for about {@code
     * seconds}: a warm-up of a fifth of them after the first output, longer (by up to half of
     * {@code seconds}, or until half the topic is read) while the JIT is still compiling, then four
     * fifths timed; if the topic runs dry first, the time up to the last record counts.
     */
    Result throughput(JobOptions options, String inputTopic, int records, double seconds)
            throws Exception {
        String output = wire(options, inputTopic);
        JobClient job = start(options);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(output)) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            int seen = 0;
            while (seen == 0) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
                checkDeadline(deadline, seen, records, options);
            }
            long warmUntil = System.nanoTime() + (long) (seconds * 0.2e9);
            long warmAtMost = warmUntil + (long) (seconds * 0.5e9);
            long timed = (long) (seconds * 0.8e9);
            JitWatch jit = new JitWatch();
            int warm = -1;
            long from = 0;
            long stopAt = Long.MAX_VALUE;
            long jitFrom = 0;
            long last = 0;
            while (seen < records && System.nanoTime() < stopAt) {
                int polled = consumer.poll(Duration.ofMillis(50)).count();
                seen += polled;
                long now = System.nanoTime();
                if (polled > 0) {
                    last = now;
                }
                jit.sample(now);
                // Waiting for the JIT stops at half the topic, so a part is always left to time.
                if (warm < 0
                        && now >= warmUntil
                        && (jit.quiet() || now >= warmAtMost || seen >= records / 2)) {
                    warm = seen;
                    from = now;
                    stopAt = now + timed;
                    jitFrom = JIT.getTotalCompilationTime();
                }
                checkDeadline(deadline, seen, records, options);
            }
            if (warm < 0) {
                throw new IllegalStateException(
                        "Benchmark job "
                                + options.jobName()
                                + " ran dry during its warm-up: fill the topic with more than "
                                + records
                                + " records");
            }
            long end = seen >= records ? last : System.nanoTime();
            double elapsed = (end - from) / 1e9;
            double perSecond = elapsed > 0 ? (seen - warm) / elapsed : Double.NaN;
            double jitPercent =
                    (JIT.getTotalCompilationTime() - jitFrom) / 10.0 / Math.max(elapsed, 1e-3);
            return new Result(
                    perSecond,
                    jitPercent,
                    BenchMetrics.mean("batchSize"),
                    BenchMetrics.mean("paddingPerMille") / 1000,
                    BenchMetrics.mean("queueWaitMicros") / 1000,
                    BenchMetrics.mean("preprocessMicros") / 1000,
                    BenchMetrics.mean("inferenceMicros") / 1000,
                    BenchMetrics.mean("postprocessMicros") / 1000);
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Offers {@code values} at {@code rate} per second for {@code seconds} and measures each
     * record's time from its send to its arrival on the output topic. The same rate is offered for
     * a quarter of {@code seconds} (at least 3 s) before, unmeasured, so the figures are the steady
     * state's, not the job's start-up.
     */
    Latency latency(
            JobOptions options, String name, List<byte[]> values, double rate, double seconds)
            throws Exception {
        String input = name + "-paced-" + RUNS.incrementAndGet();
        kafka.createTopic(input, 1);
        String output = wire(options, input);
        JobClient job = start(options);
        int records = Math.max(10, (int) (rate * seconds));
        int paced = records + (int) (rate * Math.max(3, seconds / 4));
        int unmeasured = paced - records;
        try (KafkaProducer<byte[], byte[]> producer = DemoKafka.producer(kafka);
                KafkaConsumer<byte[], byte[]> consumer = consumer(output)) {
            // Warm up: the first records wait for the job to start; they are not measured.
            int warmUp = 5;
            for (int i = 0; i < warmUp; i++) {
                producer.send(new ProducerRecord<>(input, key(-1 - i), values.get(i)));
            }
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            for (int seen = 0; seen < warmUp; ) {
                seen += consumer.poll(Duration.ofMillis(50)).count();
                checkDeadline(deadline, seen, warmUp, options);
            }
            long[] latencies = new long[records];
            int[] seen = {0};
            Thread pacer =
                    new Thread(
                            () -> {
                                long start = System.nanoTime();
                                for (int i = 0; i < paced; i++) {
                                    long due = start + (long) (i * 1e9 / rate);
                                    long wait = due - System.nanoTime();
                                    if (wait > 0) {
                                        sleepNanos(wait);
                                    }
                                    // Keys starting with '-' are not measured.
                                    int n = i - unmeasured;
                                    producer.send(
                                            new ProducerRecord<>(
                                                    input,
                                                    null,
                                                    System.currentTimeMillis(),
                                                    key(n < 0 ? -1_000_000 + i : n),
                                                    values.get(i % values.size())));
                                }
                                producer.flush();
                            },
                            "flinfer-bench-pacer");
            pacer.start();
            while (seen[0] < records) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    long now = System.currentTimeMillis();
                    if (record.key() != null && record.key()[0] != '-') {
                        latencies[seen[0]++] = now - record.timestamp();
                    }
                }
                checkDeadline(deadline, seen[0], records, options);
            }
            pacer.join();
            Arrays.sort(latencies);
            return new Latency(
                    rate,
                    records,
                    DemoKafka.percentile(latencies, 0.50),
                    DemoKafka.percentile(latencies, 0.99),
                    latencies[latencies.length - 1]);
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Creates the output and dead-letter topics and points {@code options} at them; returns the
     * output topic.
     */
    String wire(JobOptions options, String inputTopic) {
        int run = RUNS.incrementAndGet();
        String output = inputTopic + "-out-" + run;
        String deadLetters = inputTopic + "-dlq-" + run;
        kafka.createTopic(output, 1);
        kafka.createTopic(deadLetters, 1);
        String servers = "kafka://" + kafka.bootstrapServers() + "/";
        options.input = servers + inputTopic;
        options.output = servers + output;
        options.deadLetter = servers + deadLetters;
        options.groupId = "bench-" + run;
        options.jobName = "flinfer-bench-" + run;
        options.delivery = JobOptions.Delivery.AT_LEAST_ONCE;
        return output;
    }

    static JobClient start(JobOptions options) throws Exception {
        BenchMetrics.reset();
        Configuration conf = JobEnvironment.configuration(options);
        conf.setString(
                "metrics.reporter." + BenchMetrics.REPORTER + ".factory.class",
                BenchMetrics.Factory.class.getName());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(options.parallelism);
        FlinferJob.build(env, options);
        return env.executeAsync(options.jobName());
    }

    KafkaConsumer<byte[], byte[]> consumer(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = DemoKafka.consumer(kafka, topic + "-reader");
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    static void checkDeadline(long deadline, int seen, int expected, JobOptions options) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                    "Benchmark job "
                            + options.jobName()
                            + " delivered "
                            + seen
                            + " of "
                            + expected
                            + " records within "
                            + PATIENCE);
        }
    }

    /** Whether the JIT has gone quiet: under 2 % of a core compiling over the last second. */
    private static final class JitWatch {
        private long sampledAt = System.nanoTime();
        private long compileMs = JIT.getTotalCompilationTime();
        private boolean quiet;

        void sample(long now) {
            if (now - sampledAt >= 1_000_000_000L) {
                long ms = JIT.getTotalCompilationTime();
                quiet = (ms - compileMs) * 1e6 < JIT_QUIET_SHARE * (now - sampledAt);
                compileMs = ms;
                sampledAt = now;
            }
        }

        boolean quiet() {
            return quiet;
        }
    }

    static byte[] key(int i) {
        return Integer.toString(i).getBytes(StandardCharsets.UTF_8);
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
