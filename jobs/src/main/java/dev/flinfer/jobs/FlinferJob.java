package dev.flinfer.jobs;

import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.flink.Outcomes;
import dev.flinfer.flink.TextEmbeddings;
import dev.flinfer.jobs.io.Endpoint;
import dev.flinfer.jobs.io.JsonLinesFormat;
import dev.flinfer.jobs.io.JsonLinesSink;
import dev.flinfer.jobs.io.KafkaEndpoints;
import dev.flinfer.kafka.DeadLetterSerializer;
import dev.flinfer.kafka.SourceRecordSerializer;
import dev.flinfer.record.DeadLetterJson;
import dev.flinfer.record.SourceRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The text-embedding job: JSON events from Kafka (or a JSON Lines file), each enriched with the
 * embedding of its text, to Kafka (or a file); bad records to the dead-letter endpoint. Operator
 * uids are fixed so that checkpoints and savepoints stay compatible across versions of the job.
 */
public final class TextEmbeddingJob {
    private TextEmbeddingJob() {}

    /** Adds the job's pipeline to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobOptions options) {
        options.validate();
        // Fail on the client, before anything is submitted, when the model cannot be found or read.
        ModelCatalog.resolve(options.model);
        TextEmbeddings.Builder builder =
                TextEmbeddings.builder()
                        .setModel(options.model)
                        .setDevice(options.device)
                        .setIntraOpThreads(options.intraOpThreads())
                        .setMaxBatchSize(options.batchSize)
                        .setMaxLatency(Duration.ofMillis(options.maxLatencyMs))
                        .setPrepareThreads(options.prepareThreads)
                        .setTextField(options.textField)
                        .setOutputField(options.outputField)
                        .setMaxTextChars(options.maxTextChars);
        if (options.capacity != null) {
            builder.setCapacity(options.capacity);
        }
        TextEmbeddings embeddings = builder.build();

        DataStream<SourceRecord> records = source(env, options);
        Outcomes.Split split = Outcomes.split(embeddings.apply(records).uid("flinfer-embed"));
        split.records().uid("flinfer-split");
        Endpoint output = options.outputEndpoint();
        Endpoint deadLetters = options.deadLetterEndpoint();
        boolean exactlyOnce = options.delivery == JobOptions.Delivery.EXACTLY_ONCE;
        String prefix = options.jobName().replaceAll("[^A-Za-z0-9._-]", "-");
        if (output.isKafka()) {
            split.records()
                    .sinkTo(
                            KafkaEndpoints.sink(
                                    output,
                                    new SourceRecordSerializer(output.topic()),
                                    exactlyOnce,
                                    prefix + "-out"))
                    .name("kafka:" + output.topic())
                    .uid("flinfer-sink-output");
        } else {
            split.records()
                    .sinkTo(new JsonLinesSink<SourceRecord>(output.path(), record -> record.value))
                    .name("file:" + output.path())
                    .uid("flinfer-sink-output")
                    .setParallelism(1);
        }
        if (deadLetters.isKafka()) {
            split.deadLetters()
                    .sinkTo(
                            KafkaEndpoints.sink(
                                    deadLetters,
                                    new DeadLetterSerializer(deadLetters.topic()),
                                    exactlyOnce,
                                    prefix + "-dlq"))
                    .name("kafka:" + deadLetters.topic())
                    .uid("flinfer-sink-dead-letters");
        } else {
            split.deadLetters()
                    .sinkTo(new JsonLinesSink<>(deadLetters.path(), DeadLetterJson::toBytes))
                    .name("file:" + deadLetters.path())
                    .uid("flinfer-sink-dead-letters")
                    .setParallelism(1);
        }
    }

    private static DataStream<SourceRecord> source(
            StreamExecutionEnvironment env, JobOptions options) {
        Endpoint input = options.inputEndpoint();
        if (input.isKafka()) {
            String groupId =
                    options.groupId != null
                            ? options.groupId
                            : "flinfer-" + options.task + "-" + input.topic();
            return env.fromSource(
                            KafkaEndpoints.source(input, groupId),
                            WatermarkStrategy.noWatermarks(),
                            "kafka:" + input.topic())
                    .uid("flinfer-source");
        }
        java.nio.file.Path file = java.nio.file.Path.of(input.path());
        if (!java.nio.file.Files.isReadable(file)) {
            throw new IllegalArgumentException(
                    "Input file " + file + " does not exist or cannot be read");
        }
        FileSource<SourceRecord> source =
                FileSource.forRecordStreamFormat(
                                new JsonLinesFormat(file.getFileName().toString()),
                                new Path(file.toUri()))
                        .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "file:" + file)
                .uid("flinfer-source")
                .setParallelism(1);
    }
}
