package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.sql.SqlRunner;
import dev.flinfer.jobs.sql.SqlScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model versions in SQL: {@code 'model-control'} and {@code 'model-poll-interval'} of {@code CREATE
 * MODEL}, on an unbounded Kafka table while rows flow, the version of each row in a {@code
 * model_version} column.
 */
@Timeout(300)
class SqlModelVersionsKafkaITCase extends KafkaAndFlinkTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path models;

    @Test
    void aControlCommandSwapsTheVersionAtOneCutAndABrokenVersionIsRefused() throws Exception {
        Path model = models.resolve("encoder");
        ModelSwapKafkaITCase.copyBundle("all-minilm-l6-v2", model.resolve("1"));
        ModelSwapKafkaITCase.copyBundle("all-minilm-l6-v2-int8", model.resolve("2"));
        ModelSwapKafkaITCase.brokenBundle(model.resolve("3"));
        String p = "sql-swap";
        ModelSwapKafkaITCase.topics(p);
        String control = "'model-control' = '" + ModelSwapKafkaITCase.uri(p + "-ctl") + "'";
        TableResult job = start(p, model.resolve("1"), control);
        ModelSwapKafkaITCase.Producer producer =
                ModelSwapKafkaITCase.Producer.start(p + "-in", 50_000, 5);
        List<ConsumerRecord<byte[], byte[]>> out;
        int total;
        try {
            awaitRows(p, rows -> rows.size() >= 60);
            ModelSwapKafkaITCase.command(p, "{\"model\": \"encoder\", \"serve\": 3}");
            ModelSwapKafkaITCase.command(p, "{\"model\": \"encoder\", \"serve\": 2}");
            awaitRows(p, rows -> ModelSwapKafkaITCase.withValue(rows, "/model_version", "2") >= 60);
            producer.stop();
            total = producer.sent();
            out = awaitRows(p, rows -> rows.size() >= total);
        } finally {
            producer.stop();
            job.getJobClient().orElseThrow().cancel().get();
        }
        Map<String, Integer> ids = new HashMap<>();
        TreeMap<Integer, String> versionById = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            JsonNode row = JSON.readTree(record.value());
            String id = row.get("id").asText();
            ids.merge(id, 1, Integer::sum);
            assertThat(row.path("error").isNull()).as(id).isTrue();
            assertThat(row.path("embedding")).as(id).hasSize(384);
            versionById.put(Integer.parseInt(id.substring(3)), row.path("model_version").asText());
        }
        assertThat(ids).hasSize(total);
        assertThat(ids.values()).as("every id exactly once").containsOnly(1);
        // one subtask: in input order, version 1 until the cut, version 2 after it, never 3
        List<String> sequence = new ArrayList<>(versionById.values());
        int cut = sequence.indexOf("2");
        assertThat(cut).as("first row on version 2").isPositive();
        assertThat(sequence.subList(0, cut)).containsOnly("1");
        assertThat(sequence.subList(cut, sequence.size())).containsOnly("2");
    }

    @Test
    void aPollServesANewVersionDirectoryWrittenWhileTheQueryRuns() throws Exception {
        Path model = models.resolve("polled");
        ModelSwapKafkaITCase.copyBundle("all-minilm-l6-v2", model.resolve("1"));
        String p = "sql-poll";
        ModelSwapKafkaITCase.topics(p);
        TableResult job = start(p, model, "'model-poll-interval' = '300ms'");
        ModelSwapKafkaITCase.Producer producer =
                ModelSwapKafkaITCase.Producer.start(p + "-in", 50_000, 5);
        try {
            awaitRows(p, rows -> rows.size() >= 40);
            // written beside, then moved into place: the poll never sees half a version
            Path staged = models.resolve("staged-2");
            ModelSwapKafkaITCase.copyBundle("all-minilm-l6-v2-int8", staged);
            Files.move(staged, model.resolve("2"), StandardCopyOption.ATOMIC_MOVE);
            List<ConsumerRecord<byte[], byte[]>> out =
                    awaitRows(
                            p,
                            rows ->
                                    ModelSwapKafkaITCase.withValue(rows, "/model_version", "2")
                                            >= 20);
            assertThat(ModelSwapKafkaITCase.withValue(out, "/model_version", "1"))
                    .isGreaterThanOrEqualTo(40);
        } finally {
            producer.stop();
            job.getJobClient().orElseThrow().cancel().get();
        }
    }

    /** The query from {@code p-in} to {@code p-out}, with model options {@code versions}. */
    private TableResult start(String p, Path model, String versions) {
        String servers = kafka.bootstrapServers();
        String script =
                "SET 'parallelism.default' = '1';\n"
                        + "SET 'flinfer.model.allowed-roots' = '"
                        + models
                        + "';\n"
                        + "CREATE TABLE posts (id STRING, text STRING) WITH ('connector' = 'kafka',"
                        + " 'topic' = '"
                        + p
                        + "-in', 'properties.bootstrap.servers' = '"
                        + servers
                        + "', 'properties.group.id' = 'it-"
                        + p
                        + "', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');\n"
                        + "CREATE TABLE embedded (id STRING, model_version STRING, embedding"
                        + " ARRAY<FLOAT>, error STRING) WITH ('connector' = 'kafka', 'topic' = '"
                        + p
                        + "-out', 'properties.bootstrap.servers' = '"
                        + servers
                        + "', 'format' = 'json', 'sink.delivery-guarantee' = 'at-least-once');\n"
                        + "CREATE MODEL encoder INPUT (text STRING)"
                        + " OUTPUT (embedding ARRAY<FLOAT>, model_version STRING, error STRING)"
                        + " WITH ('provider' = 'onnx', 'task' = 'embedding', 'model' = '"
                        + model
                        + "', 'device' = 'cpu', 'intra-op-threads' = '1', 'max-batch-size' = '8',"
                        + " 'max-latency' = '20ms', "
                        + versions
                        + ");\n"
                        + "INSERT INTO embedded SELECT id, model_version, embedding, error FROM"
                        + " ML_PREDICT(TABLE posts, MODEL encoder, DESCRIPTOR(text),"
                        + " MAP['max-concurrent-operations', '32']);";
        StreamTableEnvironment tableEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        return SqlRunner.run(tableEnv, SqlScript.split(script), System.out);
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitRows(
            String p, java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> until) {
        return KafkaTestClient.consumeUntil(
                kafka.bootstrapServers(), p + "-out", until, Duration.ofMinutes(2));
    }
}
