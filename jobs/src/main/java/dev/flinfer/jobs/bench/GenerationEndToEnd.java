package dev.flinfer.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.JobOptions;
import dev.flinfer.jobs.demo.DemoKafka;
import dev.flinfer.jobs.local.EmbeddedKafka;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The text-generation job between two topics of the in-process broker, on the same records as the
 * in-process loops and in the same shape: the job is started and warmed up by passes of all the
 * records (discarded), then they are all sent at once and timed from the first send to the last
 * output, so the run has the loops' tail (the last long generations with few sequences left); of
 * several such passes the fastest is kept, as the loops keep theirs.
 */
final class GenerationEndToEnd {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedKafka kafka;
    private final EndToEndRun runs;

    GenerationEndToEnd(EmbeddedKafka kafka, EndToEndRun runs) {
        this.kafka = kafka;
        this.runs = runs;
    }

    GenerationFigures.EndToEnd run(
            JobOptions options, List<byte[]> values, int warmUpPasses, int passes, int batchSize)
            throws Exception {
        String input = "generation-in-" + batchSize + "-" + System.nanoTime();
        kafka.createTopic(input, 1);
        String output = runs.wire(options, input);
        JobClient job = EndToEndRun.start(options);
        try (KafkaProducer<byte[], byte[]> producer = DemoKafka.producer(kafka);
                KafkaConsumer<byte[], byte[]> consumer = runs.consumer(output)) {
            long deadline = System.nanoTime() + EndToEndRun.PATIENCE.toNanos();
            for (int pass = 0; pass < warmUpPasses; pass++) {
                // keys starting with '-' are not measured
                send(producer, input, values, "-" + pass + "-");
                int seen = 0;
                while (seen < values.size()) {
                    seen += consumer.poll(Duration.ofMillis(50)).count();
                    EndToEndRun.checkDeadline(deadline, seen, values.size(), options);
                }
            }
            GenerationFigures.EndToEnd best = null;
            for (int pass = 0; pass < passes; pass++) {
                GenerationFigures.EndToEnd measured =
                        pass(producer, consumer, input, values, options, deadline, pass, batchSize);
                if (best == null || measured.tokensPerSecond() > best.tokensPerSecond()) {
                    best = measured;
                }
            }
            return best;
        } finally {
            job.cancel().get();
        }
    }

    private GenerationFigures.EndToEnd pass(
            KafkaProducer<byte[], byte[]> producer,
            KafkaConsumer<byte[], byte[]> consumer,
            String input,
            List<byte[]> values,
            JobOptions options,
            long deadline,
            int pass,
            int batchSize) {
        long fromStep = BenchMetrics.histogramCount("batchSize");
        double fromBatch = BenchMetrics.mean("batchSize");
        double fromInference = BenchMetrics.mean("inferenceMicros");
        long fromNanos = System.nanoTime();
        send(producer, input, values, pass + "-");
        long[] latencies = new long[values.size()];
        long tokens = 0;
        long last = fromNanos;
        long first = 0;
        int seen = 0;
        while (seen < values.size()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                if (record.key() == null || record.key()[0] == '-') {
                    continue;
                }
                latencies[seen++] = System.currentTimeMillis() - record.timestamp();
                last = System.nanoTime();
                first = first == 0 ? last : first;
                tokens += chosenTokens(record.value());
            }
            EndToEndRun.checkDeadline(deadline, seen, values.size(), options);
        }
        Arrays.sort(latencies);
        return new GenerationFigures.EndToEnd(
                batchSize,
                values.size(),
                tokens,
                (last - fromNanos) / 1e9,
                (first - fromNanos) / 1e6,
                DemoKafka.percentile(latencies, 0.50),
                DemoKafka.percentile(latencies, 0.99),
                latencies[latencies.length - 1],
                BenchMetrics.meanSince("batchSize", fromStep, fromBatch),
                BenchMetrics.meanSince("inferenceMicros", fromStep, fromInference) / 1000);
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            List<byte[]> values,
            String keyPrefix) {
        for (int i = 0; i < values.size(); i++) {
            byte[] key = (keyPrefix + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            producer.send(
                    new ProducerRecord<>(
                            topic, null, System.currentTimeMillis(), key, values.get(i)));
        }
        producer.flush();
    }

    /**
     * Chosen tokens in an output record, counted as the loops count them: {@code tokens} plus one
     * when {@code finish_reason} is {@code eos}; a record without them (dead-lettered) counts 0.
     */
    static long chosenTokens(byte[] value) {
        try {
            JsonNode root = JSON.readTree(value);
            JsonNode tokens = root.findValue("tokens");
            JsonNode reason = root.findValue("finish_reason");
            if (tokens == null) {
                return 0;
            }
            return tokens.asLong() + (reason != null && reason.asText().equals("eos") ? 1 : 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
