package dev.flinfer.jobs;

import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.flink.InferenceStage;
import dev.flinfer.flink.ModelRepository;
import dev.flinfer.flink.Moderations;
import dev.flinfer.flink.Outcomes;
import dev.flinfer.flink.TaskStage;
import dev.flinfer.jobs.io.Endpoint;
import dev.flinfer.jobs.io.JsonLinesFormat;
import dev.flinfer.jobs.io.JsonLinesSink;
import dev.flinfer.jobs.io.KafkaEndpoints;
import dev.flinfer.kafka.DeadLetterSerializer;
import dev.flinfer.kafka.SourceRecordSerializer;
import dev.flinfer.record.DeadLetterJson;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.moderation.ModerationSettings;
import dev.flinfer.tasks.moderation.ModerationTask;
import java.util.function.UnaryOperator;
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
        build(env, options, UnaryOperator.identity());
    }

    /**
     * The pipeline with {@code beforeModel} between the source and the model: the failover tests
     * put a failure there, so that the job under test is the job that runs.
     */
    static void build(
            StreamExecutionEnvironment env,
            JobOptions options,
            UnaryOperator<DataStream<SourceRecord>> beforeModel) {
        options.validate();
        // Fail on the client, before anything is submitted, when the model cannot be found or read.
        // a model on a remote file system is a repository the lifecycle copies versions from
        boolean versioned = options.lifecycle.enabled() || ModelRepository.isUri(options.model());
        if (!versioned) {
            ModelCatalog.resolve(options.model());
        }
        DataStream<SourceRecord> records = beforeModel.apply(source(env, options));
        Outcomes.Split split;
        if (versioned) {
            split = Versioned.apply(env, stage(options), records, options);
        } else {
            split = Outcomes.split(infer(records, options).uid("flinfer-" + options.task));
            split.records().uid("flinfer-split");
        }
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

    /**
     * The task's stage, from the command line's options as a Flink configuration; for moderation,
     * the policy's labels are checked against both models here, on the client.
     */
    public static InferenceStage<?> stage(JobOptions options) {
        InferenceStage<?> stage =
                TaskStage.builder(options.task.descriptor())
                        .configure(options.toConfiguration())
                        .build();
        if (stage.settings() instanceof ModerationSettings moderation) {
            ModerationTask.checkPolicyLabels(moderation);
        }
        return stage;
    }

    private static SingleOutputStreamOperator<Outcome> infer(
            DataStream<SourceRecord> records, JobOptions options) {
        return run(stage(options), records, options);
    }

    /** Micro-batched through the engine, or one record per call with {@code --per-record}. */
    private static SingleOutputStreamOperator<Outcome> run(
            InferenceStage<?> stage, DataStream<SourceRecord> records, JobOptions options) {
        if (options.perRecord) {
            return records.map(stage.mapFunction()).name("flinfer-per-record");
        }
        return stage.apply(records);
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
