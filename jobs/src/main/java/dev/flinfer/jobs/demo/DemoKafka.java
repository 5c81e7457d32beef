package dev.flinfer.jobs.demo;

import dev.flinfer.jobs.FlinferJob;
import dev.flinfer.jobs.JobOptions;
import dev.flinfer.jobs.local.EmbeddedKafka;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the demo parts share: topics, the job between them, and plain Kafka clients on both ends.
 */
public final class DemoKafka {
    static final long CHECKPOINT_INTERVAL_MS = 1000;

    private DemoKafka() {}

    /**
     * Creates {@code input}, {@code output} and {@code deadLetters} and starts the job between
     * them.
     */
    static JobClient startJob(
            EmbeddedKafka kafka,
            JobOptions options,
            String input,
            String output,
            String deadLetters,
            int partitions)
            throws Exception {
        kafka.createTopic(input, partitions);
        kafka.createTopic(output, partitions);
        kafka.createTopic(deadLetters, 1);
        options.input = "kafka://" + kafka.bootstrapServers() + "/" + input;
        options.output = "kafka://" + kafka.bootstrapServers() + "/" + output;
        options.deadLetter = "kafka://" + kafka.bootstrapServers() + "/" + deadLetters;
        options.checkpointIntervalMs = CHECKPOINT_INTERVAL_MS;
        options.jobName = "flinfer-demo-" + options.task;
        JobClient job = FlinferJob.startAsync(options);
        System.out.printf(
                "Flink job %s (%s, model %s, batch size %d, checkpoints every %d ms) started on a"
                        + " local MiniCluster%n",
                job.getJobID(),
                options.task,
                options.model(),
                options.batchSize,
                CHECKPOINT_INTERVAL_MS);
        return job;
    }

    public static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        return new KafkaProducer<>(props);
    }

    /** A read_committed consumer: it sees what the exactly-once job has committed, nothing else. */
    public static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    public static long percentile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String quote(String text) {
        String shown = text.length() > 58 ? text.substring(0, 57) + "…" : text;
        return "\"" + shown + "\"";
    }
}
