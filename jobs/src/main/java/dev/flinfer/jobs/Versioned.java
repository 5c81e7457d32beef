package dev.flinfer.jobs;

import dev.flinfer.flink.InferenceStage;
import dev.flinfer.flink.ModelLifecycle;
import dev.flinfer.flink.Outcomes;
import dev.flinfer.jobs.io.Endpoint;
import dev.flinfer.jobs.io.JsonLinesSink;
import dev.flinfer.jobs.io.KafkaEndpoints;
import dev.flinfer.kafka.JsonValueSerializer;
import dev.flinfer.record.SourceRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The job's model as a versioned repository whose served version changes while it runs: commands
 * from the control topic (those written from the job's start on; after a restore, from the
 * checkpoint's offsets), a repository poll, events and shadow comparisons to their endpoints.
 */
final class Versioned {
    private Versioned() {}

    static Outcomes.Split apply(
            StreamExecutionEnvironment env,
            InferenceStage<?> stage,
            DataStream<SourceRecord> records,
            JobOptions options) {
        LifecycleOptions lifecycle = options.lifecycle;
        ModelLifecycle.Builder builder =
                ModelLifecycle.builder(stage)
                        .setPollInterval(lifecycle.pollInterval())
                        .setComparisons(lifecycle.shadowOutput != null);
        if (lifecycle.modelControl != null) {
            builder.setControl(control(env, Endpoint.parse(lifecycle.modelControl)));
        }
        ModelLifecycle.Streams streams = builder.build().apply(records);
        boolean exactlyOnce = options.delivery == JobOptions.Delivery.EXACTLY_ONCE;
        String prefix = options.jobName().replaceAll("[^A-Za-z0-9._-]", "-");
        sink(streams.events(), lifecycle.modelEvents, "model-events", exactlyOnce, prefix);
        sink(streams.comparisons(), lifecycle.shadowOutput, "shadow", exactlyOnce, prefix);
        return streams.split();
    }

    /** The control topic's values, from the time the job is built. */
    private static DataStream<byte[]> control(StreamExecutionEnvironment env, Endpoint endpoint) {
        KafkaSource<byte[]> source =
                KafkaSource.<byte[]>builder()
                        .setBootstrapServers(endpoint.servers())
                        .setTopics(endpoint.topic())
                        .setStartingOffsets(
                                OffsetsInitializer.timestamp(System.currentTimeMillis()))
                        .setDeserializer(
                                KafkaRecordDeserializationSchema.valueOnly(
                                        ByteArrayDeserializer.class))
                        .setProperty("isolation.level", "read_committed")
                        .build();
        return env.fromSource(
                        source,
                        WatermarkStrategy.noWatermarks(),
                        "kafka:" + endpoint.topic(),
                        TypeInformation.of(byte[].class))
                .setParallelism(1)
                .uid("flinfer-model-control");
    }

    private static void sink(
            DataStream<byte[]> values,
            String uri,
            String role,
            boolean exactlyOnce,
            String prefix) {
        String uid = "flinfer-sink-" + role;
        if (uri == null) {
            values.sinkTo(new DiscardingSink<>()).name("log-only:" + role).uid(uid);
            return;
        }
        Endpoint endpoint = Endpoint.parse(uri);
        if (endpoint.isKafka()) {
            values.sinkTo(
                            KafkaEndpoints.sink(
                                    endpoint,
                                    new JsonValueSerializer(endpoint.topic()),
                                    exactlyOnce,
                                    prefix + "-" + role))
                    .name("kafka:" + endpoint.topic())
                    .uid(uid);
        } else {
            values.sinkTo(new JsonLinesSink<byte[]>(endpoint.path(), value -> value))
                    .name("file:" + endpoint.path())
                    .uid(uid)
                    .setParallelism(1);
        }
    }
}
