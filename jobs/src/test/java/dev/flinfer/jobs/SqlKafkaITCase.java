package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.jobs.demo.TextLineRenderer;
import dev.flinfer.jobs.local.EmbeddedKafka;
import dev.flinfer.jobs.sql.SqlRunner;
import dev.flinfer.jobs.sql.SqlScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink SQL with {@code ML_PREDICT} and the onnx provider, Kafka SQL tables on a real in-process
 * broker, a MiniCluster whose metrics a reporter keeps.
 */
@Timeout(300)
class SqlKafkaITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of("..", "examples", "sql", "embed-posts.sql");
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .build());

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void theExampleSqlFileEmbedsPostsAsTheDataStreamJobDoesInBatches(@TempDir Path dir)
            throws Exception {
        kafka.createTopic("posts", 2);
        kafka.createTopic("posts-embedded", 1);
        kafka.createTopic("posts-ds", 1);
        kafka.createTopic("posts-ds-dlq", 1);
        List<byte[][]> posts = new ArrayList<>();
        String[] topics = {"stream", "model", "kafka", "flink", "guitar", "kitten", "revenue"};
        for (int i = 0; i < 300; i++) {
            String text = "post " + i + " about " + topics[i % 7] + " and " + topics[(i / 7) % 7];
            posts.add(post("p-" + i, text));
        }
        posts.add(post("empty", "   "));
        KafkaTestClient.produce(kafka.bootstrapServers(), "posts", posts);

        Path script = dir.resolve("embed-posts.sql");
        Files.writeString(
                script,
                Files.readString(EXAMPLE).replace("localhost:9092", kafka.bootstrapServers()));
        assertThat(FlinferMain.commandLine().execute("sql", script.toString())).isZero();
        Map<String, JsonNode> sql = consume("posts-embedded", 301);

        JobClient dataStreamJob = FlinferJob.startAsync(dataStreamOptions());
        Map<String, JsonNode> dataStream;
        try {
            dataStream = consume("posts-ds", 300);
        } finally {
            dataStreamJob.cancel().get();
        }

        assertThat(sql).hasSize(301);
        assertThat(sql.get("empty").path("embedding").isNull()).isTrue();
        assertThat(sql.get("empty").path("error").asText()).startsWith("empty-text");
        assertThat(dataStream).hasSize(300);
        for (int i = 0; i < 300; i++) {
            String id = "p-" + i;
            JsonNode fromSql = sql.get(id);
            assertThat(fromSql.path("error").isNull()).as(id).isTrue();
            float[] a = floats(fromSql.path("embedding"));
            float[] b = floats(dataStream.get(id).path("embedding").path("vector"));
            assertThat(a).hasSize(384);
            assertThat(b).hasSize(384);
            for (int d = 0; d < a.length; d++) {
                assertThat((double) a[d]).as(id + "[" + d + "]").isCloseTo(b[d], within(1e-5));
            }
        }
        Map<String, Long> batches = maxBatchSizes();
        System.out.println("max batch size by operator: " + batches);
        assertThat(batches.entrySet())
                .as("largest batch of the SQL provider, by operator: " + batches)
                .anySatisfy(
                        e -> {
                            assertThat(e.getKey()).contains("MLPredictTableFunction");
                            // the example's 'max-batch-size': 300 posts waiting make full batches
                            assertThat(e.getValue()).isEqualTo(32L);
                        });
    }

    @Test
    void imagesFromABytesColumnAreClassifiedWithLabelsAndScores() throws Exception {
        kafka.createTopic("lines", 2);
        kafka.createTopic("lines-classified", 1);
        List<byte[][]> lines = new ArrayList<>();
        Map<String, Boolean> upsideDown = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            String id = "line-" + i;
            upsideDown.put(id, i % 2 == 0);
            byte[] png =
                    TextLineRenderer.render(
                            TextLineRenderer.randomLine(500 + i), i % 2 == 0, "png", 500 + i);
            lines.add(image(id, png));
        }
        lines.add(image("corrupt", "not an image at all".getBytes(StandardCharsets.UTF_8)));
        KafkaTestClient.produce(kafka.bootstrapServers(), "lines", lines);

        String script =
                classificationScript(
                        "lines",
                        "image BYTES",
                        "'model' = 'text-orientation', 'device' = 'cpu', 'intra-op-threads' = '1',"
                                + " 'max-batch-size' = '8', 'top-k' = '0'");
        StreamTableEnvironment tableEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        TableResult job = SqlRunner.run(tableEnv, SqlScript.split(script), System.out);
        job.await();
        Map<String, JsonNode> out = consume("lines-classified", 25);

        assertThat(out).hasSize(25);
        JsonNode corrupt = out.get("corrupt");
        assertThat(corrupt.path("label").isNull()).isTrue();
        assertThat(corrupt.path("labels").isNull()).isTrue();
        assertThat(corrupt.path("error").asText()).startsWith("image-");
        int correct = 0;
        for (Map.Entry<String, Boolean> line : upsideDown.entrySet()) {
            JsonNode row = out.get(line.getKey());
            assertThat(row.path("error").isNull()).isTrue();
            JsonNode labels = row.path("labels");
            assertThat(labels).hasSize(2);
            assertThat(labels.get(0).path("label").asText()).isEqualTo(row.path("label").asText());
            assertThat(labels.get(0).path("score").asDouble())
                    .isCloseTo(row.path("score").asDouble(), within(1e-6));
            assertThat(
                            labels.get(0).path("score").asDouble()
                                    + labels.get(1).path("score").asDouble())
                    .isCloseTo(1.0, within(1e-3));
            boolean predicted = row.path("label").asText().equals("upside_down");
            correct += predicted == line.getValue() ? 1 : 0;
        }
        assertThat(correct).as("correct of 24").isGreaterThanOrEqualTo(23);
    }

    @Test
    void textsAreClassifiedWithTheComposedMultiLabelModel() throws Exception {
        kafka.createTopic("texts", 1);
        kafka.createTopic("texts-classified", 1);
        Map<String, String> expected = new HashMap<>();
        expected.put("spam", "spam");
        expected.put("threat", "threat");
        expected.put("abuse", "harassment");
        List<byte[][]> texts = new ArrayList<>();
        texts.add(post("spam", "CHEAP VIAGRA!!! Order now at www.pills-discount.biz, 90% off!!!"));
        texts.add(
                post("threat", "Say that again and I will burn your house down with you inside."));
        texts.add(post("abuse", "You are a pathetic moron and everybody at school laughs at you."));
        texts.add(post("benign", "Does anyone have a good recipe for banana bread?"));
        texts.add(post("blank", "   "));
        KafkaTestClient.produce(kafka.bootstrapServers(), "texts", texts);

        String script =
                classificationScript(
                        "texts",
                        "text STRING",
                        "'model' = 'moderation-minilm-zeroshot-prototypes', 'device' = 'cpu',"
                                + " 'intra-op-threads' = '1', 'top-k' = '0'");
        StreamTableEnvironment tableEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        SqlRunner.run(tableEnv, SqlScript.split(script), System.out).await();
        Map<String, JsonNode> out = consume("texts-classified", 5);

        assertThat(out).hasSize(5);
        for (Map.Entry<String, String> text : expected.entrySet()) {
            JsonNode row = out.get(text.getKey());
            assertThat(row.path("label").asText()).as(text.getKey()).isEqualTo(text.getValue());
            assertThat(row.path("score").asDouble()).as(text.getKey()).isGreaterThan(0.5);
            assertThat(row.path("labels")).hasSize(4);
        }
        // Multi-label: one sigmoid per label, so a benign text scores low on every label and
        // the scores need not sum to 1.
        JsonNode benign = out.get("benign");
        assertThat(benign.path("error").isNull()).isTrue();
        assertThat(benign.path("score").asDouble()).isLessThan(0.5);
        assertThat(out.get("blank").path("label").isNull()).isTrue();
        assertThat(out.get("blank").path("error").asText()).startsWith("empty-text");
    }

    private static org.assertj.core.data.Offset<Double> within(double tolerance) {
        return org.assertj.core.data.Offset.offset(tolerance);
    }

    private static JobOptions dataStreamOptions() {
        JobOptions options = new JobOptions();
        options.task = JobOptions.Task.TEXT_EMBEDDING;
        options.input = "kafka://" + kafka.bootstrapServers() + "/posts";
        options.output = "kafka://" + kafka.bootstrapServers() + "/posts-ds";
        options.deadLetter = "kafka://" + kafka.bootstrapServers() + "/posts-ds-dlq";
        options.device = "cpu";
        options.threads = 1;
        options.parallelism = 1;
        options.batchSize = 16;
        options.checkpointIntervalMs = 500;
        options.jobName = "it-sql-posts-datastream";
        return options;
    }

    /** The largest batch of each Flinfer operator of this cluster, by metric scope. */
    private static Map<String, Long> maxBatchSizes() {
        Map<String, Long> max = new HashMap<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                REPORTER.getMetricsByGroup().entrySet()) {
            Metric metric = group.getValue().get("batchSize");
            if (metric instanceof Histogram histogram) {
                String scope = String.join(".", group.getKey().getScopeComponents());
                max.merge(scope, histogram.getStatistics().getMax(), Math::max);
            }
        }
        return max;
    }

    /**
     * Reads {@code (id, column)} rows from topic {@code input}, classifies the column with an onnx
     * model of {@code modelOptions}, and writes label, score, all labels and the error to topic
     * {@code input-classified}.
     */
    private static String classificationScript(String input, String column, String modelOptions) {
        String servers = kafka.bootstrapServers();
        String name = column.substring(0, column.indexOf(' '));
        String outputColumns =
                "label STRING, score DOUBLE, labels ARRAY<ROW<label STRING, score FLOAT>>,"
                        + " error STRING";
        return "CREATE TABLE "
                + input
                + " (id STRING, "
                + column
                + ") WITH ("
                + kafkaSource(input, servers)
                + ");\n"
                + "CREATE TABLE classified (id STRING, "
                + outputColumns
                + ") WITH ("
                + kafkaSink(input + "-classified", servers)
                + ");\n"
                + "CREATE MODEL onnx_model INPUT ("
                + column
                + ")\nOUTPUT ("
                + outputColumns
                + ")\nWITH ('provider' = 'onnx', 'task' = 'classification', "
                + modelOptions
                + ");\n"
                + "INSERT INTO classified SELECT id, label, score, labels, error FROM"
                + " ML_PREDICT(TABLE "
                + input
                + ", MODEL onnx_model, DESCRIPTOR("
                + name
                + "), MAP['max-concurrent-operations', '32']);";
    }

    private static String kafkaSource(String topic, String servers) {
        return "'connector' = 'kafka', 'topic' = '"
                + topic
                + "', 'properties.bootstrap.servers' = '"
                + servers
                + "', 'properties.group.id' = 'it-"
                + topic
                + "', 'scan.startup.mode' = 'earliest-offset',"
                + " 'scan.bounded.mode' = 'latest-offset', 'format' = 'json'";
    }

    private static String kafkaSink(String topic, String servers) {
        return "'connector' = 'kafka', 'topic' = '"
                + topic
                + "', 'properties.bootstrap.servers' = '"
                + servers
                + "', 'format' = 'json', 'sink.delivery-guarantee' = 'at-least-once'";
    }

    private static byte[][] post(String id, String text) {
        return new byte[][] {
            id.getBytes(StandardCharsets.UTF_8),
            JSON.createObjectNode()
                    .put("id", id)
                    .put("text", text)
                    .toString()
                    .getBytes(StandardCharsets.UTF_8)
        };
    }

    private static byte[][] image(String id, byte[] bytes) {
        String json =
                JSON.createObjectNode()
                        .put("id", id)
                        .put("image", Base64.getEncoder().encodeToString(bytes))
                        .toString();
        return new byte[][] {
            id.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)
        };
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    /** Rows of {@code topic} by their JSON id (SQL sinks write no key). */
    private static Map<String, JsonNode> consume(String topic, int expected) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records =
                KafkaTestClient.consumeUntil(
                        kafka.bootstrapServers(),
                        topic,
                        r -> r.size() >= expected,
                        Duration.ofMinutes(3));
        Map<String, JsonNode> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode row = JSON.readTree(record.value());
            assertThat(byId.put(row.path("id").asText(), row)).as("duplicate").isNull();
        }
        return byId;
    }
}
