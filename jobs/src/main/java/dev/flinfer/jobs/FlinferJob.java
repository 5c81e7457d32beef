package dev.flinfer.jobs;

import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.flink.ImageClassifications;
import dev.flinfer.flink.InferenceBuilder;
import dev.flinfer.flink.InferenceStage;
import dev.flinfer.flink.Moderations;
import dev.flinfer.flink.Outcomes;
import dev.flinfer.flink.TextClassifications;
import dev.flinfer.flink.TextEmbeddings;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.jobs.io.Endpoint;
import dev.flinfer.jobs.io.JsonLinesFormat;
import dev.flinfer.jobs.io.JsonLinesSink;
import dev.flinfer.jobs.io.KafkaEndpoints;
import dev.flinfer.kafka.DeadLetterSerializer;
import dev.flinfer.kafka.SourceRecordSerializer;
import dev.flinfer.record.DeadLetterJson;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.vision.ImageClassificationSettings.InputFormat;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flinfer job: events from Kafka (or a JSON Lines file), each enriched by the task's model (a
 * text embedding, image labels), to Kafka (or a file); bad records to the dead-letter endpoint.
 * Operator uids are fixed so that checkpoints and savepoints stay compatible across versions of the
 * job.
 */
public final class FlinferJob {
    private FlinferJob() {}

    /** Builds the job for {@code options} in its environment and submits it without waiting. */
    public static JobClient startAsync(JobOptions options) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(options);
        build(env, options);
        return env.executeAsync(options.jobName());
    }

    /** Adds the job's pipeline to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobOptions options) {
        options.validate();
        // Fail on the client, before anything is submitted, when the model cannot be found or read.
        ModelCatalog.resolve(options.model());
        DataStream<SourceRecord> records = source(env, options);
        Outcomes.Split split =
                Outcomes.split(infer(records, options).uid("flinfer-" + options.task));
        split.records().uid("flinfer-split");
        Endpoint deadLetters = options.deadLetterEndpoint();
        boolean exactlyOnce = options.delivery == JobOptions.Delivery.EXACTLY_ONCE;
        String prefix = options.jobName().replaceAll("[^A-Za-z0-9._-]", "-");
        if (options.task == JobOptions.Task.MODERATION) {
            Moderations.Routes routes = Moderations.route(split.records());
            routes.approved().uid("flinfer-route");
            sinkRecords(
                    routes.approved(),
                    Endpoint.parse(options.approved),
                    "approved",
                    exactlyOnce,
                    prefix);
            sinkRecords(
                    routes.review(), Endpoint.parse(options.review), "review", exactlyOnce, prefix);
            sinkRecords(
                    routes.blocked(),
                    Endpoint.parse(options.blocked),
                    "blocked",
                    exactlyOnce,
                    prefix);
        } else {
            sinkRecords(split.records(), options.outputEndpoint(), "output", exactlyOnce, prefix);
        }
        if (deadLetters.isKafka()) {
            split.deadLetters()
                    .sinkTo(
                            KafkaEndpoints.sink(
                                    deadLetters,
                                    new DeadLetterSerializer(
                                            deadLetters.topic(), options.maxDeadLetterBytes),
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

    private static void sinkRecords(
            DataStream<SourceRecord> records,
            Endpoint output,
            String role,
            boolean exactlyOnce,
            String prefix) {
        String uid = "flinfer-sink-" + role;
        if (output.isKafka()) {
            records.sinkTo(
                            KafkaEndpoints.sink(
                                    output,
                                    new SourceRecordSerializer(output.topic()),
                                    exactlyOnce,
                                    prefix + ("output".equals(role) ? "-out" : "-" + role)))
                    .name("kafka:" + output.topic())
                    .uid(uid);
        } else {
            records.sinkTo(new JsonLinesSink<SourceRecord>(output.path(), record -> record.value))
                    .name("file:" + output.path())
                    .uid(uid)
                    .setParallelism(1);
        }
    }

    private static SingleOutputStreamOperator<Outcome> infer(
            DataStream<SourceRecord> records, JobOptions options) {
        switch (options.task) {
            case TEXT_EMBEDDING:
                TextEmbeddings.Builder text =
                        TextEmbeddings.builder()
                                .setTextField(options.textField)
                                .setMaxTextChars(options.maxTextChars);
                common(text, options);
                if (options.outputField != null) {
                    text.setOutputField(options.outputField);
                }
                return run(text.build(), records, options);
            case IMAGE_CLASSIFICATION:
                ImageClassifications.Builder image =
                        ImageClassifications.builder()
                                .setInputFormat(
                                        options.inputFormat == JobOptions.InputFormatOption.JSON
                                                ? InputFormat.JSON
                                                : InputFormat.RAW)
                                .setImageField(options.imageField)
                                .setTopK(options.topK)
                                .setLimits(
                                        new ImageLimits(
                                                options.maxImageBytes, options.maxImagePixels));
                common(image, options);
                if (options.outputField != null) {
                    image.setOutputField(options.outputField);
                }
                return run(image.build(), records, options);
            case TEXT_CLASSIFICATION:
                TextClassifications.Builder classify =
                        TextClassifications.builder()
                                .setTextField(options.textField)
                                .setMaxTextChars(options.maxTextChars)
                                .setTopK(options.topK);
                common(classify, options);
                if (options.outputField != null) {
                    classify.setOutputField(options.outputField);
                }
                return run(classify.build(), records, options);
            case MODERATION:
                Moderations.Builder moderation =
                        Moderations.builder()
                                .setPolicy(ModerationOptions.policy(options))
                                .setImageModel(ModerationOptions.imageModel(options))
                                .setTextField(options.textField)
                                .setImageField(options.imageField)
                                .setMaxTextChars(options.maxTextChars)
                                .setLimits(
                                        new ImageLimits(
                                                options.maxImageBytes, options.maxImagePixels));
                common(moderation, options);
                if (options.outputField != null) {
                    moderation.setOutputField(options.outputField);
                }
                return run(moderation.build(), records, options);
            default:
                throw new IllegalArgumentException("Unknown task " + options.task);
        }
    }

    /** Micro-batched through the engine, or one record per call with {@code --per-record}. */
    private static SingleOutputStreamOperator<Outcome> run(
            InferenceStage stage, DataStream<SourceRecord> records, JobOptions options) {
        if (options.perRecord) {
            return records.map(stage.mapFunction()).name("flinfer-per-record");
        }
        return stage.apply(records);
    }

    private static void common(InferenceBuilder<?> builder, JobOptions options) {
        builder.setModel(options.model())
                .setLengthBuckets(options.lengthBuckets)
                .setInferenceWorkers(options.inferenceWorkers)
                .setSharedEngine(options.sharedEngine)
                .setDevice(options.device)
                .setIntraOpThreads(options.intraOpThreads())
                .setMaxBatchSize(options.batchSize)
                .setMaxLatency(Duration.ofMillis(options.maxLatencyMs));
        if (options.prepareThreads != null) {
            builder.setPrepareThreads(options.prepareThreads);
        }
        if (options.capacity != null) {
            builder.setCapacity(options.capacity);
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
