package dev.flinfer.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.generation.GenerationModel;
import dev.flinfer.tasks.generation.TextGenerationTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ML_PREDICT} with a {@code 'task' = 'generation'} onnx model over a VALUES table on a
 * MiniCluster: one row per input, each with the text the model gives its prompt alone, and an empty
 * prompt with a NULL text and the reason in the error column.
 */
@Timeout(300)
class GenerationSqlITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Map<String, String> PROMPTS = new LinkedHashMap<>();

    static {
        PROMPTS.put("weather", "the weather is");
        PROMPTS.put("village", "once upon a time there was a small village by the sea where");
        PROMPTS.put("stream", "stream processing");
        PROMPTS.put("flink", "apache flink keeps the state of its jobs in checkpoints");
        PROMPTS.put("a", "a");
        PROMPTS.put("quote", "it's a quote");
    }

    @Test
    void eachRowGetsTheTextItsPromptGetsAloneAndAnEmptyOneGetsItsError() throws Exception {
        StringBuilder values = new StringBuilder();
        PROMPTS.forEach(
                (id, text) ->
                        values.append(values.length() == 0 ? "" : ", ")
                                .append("('")
                                .append(id)
                                .append("', '")
                                .append(text.replace("'", "''"))
                                .append("')"));
        values.append(", ('empty', '')");
        StreamTableEnvironment tableEnv =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        tableEnv.executeSql(
                "CREATE TEMPORARY VIEW prompts AS SELECT * FROM (VALUES "
                        + values
                        + ") AS t(id, text)");
        tableEnv.executeSql(
                "CREATE MODEL generator INPUT (text STRING) OUTPUT (generated STRING, error STRING)"
                        + " WITH ('provider' = 'onnx', 'task' = 'generation',"
                        + " 'model' = 'gpt2-tiny-seeded', 'max-new-tokens' = '8',"
                        + " 'device' = 'cpu', 'intra-op-threads' = '1')");
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it =
                tableEnv.executeSql(
                                "SELECT id, generated, error FROM ML_PREDICT(TABLE prompts,"
                                        + " MODEL generator, DESCRIPTOR(text))")
                        .collect()) {
            it.forEachRemaining(rows::add);
        }

        Map<String, Row> byId = new HashMap<>();
        for (Row row : rows) {
            assertThat(byId.put((String) row.getField(0), row)).as("duplicate " + row).isNull();
        }
        assertThat(byId).hasSize(PROMPTS.size() + 1);
        assertThat(byId.get("empty").getField(1)).isNull();
        assertThat((String) byId.get("empty").getField(2)).startsWith("empty-text");
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MODEL, "gpt2-tiny-seeded");
        conf.set(FlinferOptions.DEVICE, "cpu");
        conf.set(FlinferOptions.INTRA_OP_THREADS, 1);
        conf.set(FlinferOptions.MAX_NEW_TOKENS, 8);
        try (GenerationModel model =
                TextGenerationTask.INSTANCE.openModel(TextGenerationTask.INSTANCE.settings(conf))) {
            int generatedSomething = 0;
            for (Map.Entry<String, String> prompt : PROMPTS.entrySet()) {
                // SQL salts a row by its prompt's hash, as prepare(text) does
                String alone =
                        model.result(model.infer(List.of(model.prepare(prompt.getValue()))), 0)
                                .text();
                Row row = byId.get(prompt.getKey());
                assertThat(row.getField(2)).as(prompt.getKey()).isNull();
                assertThat(row.getField(1)).as(prompt.getKey()).isEqualTo(alone);
                generatedSomething += alone.isBlank() ? 0 : 1;
            }
            assertThat(generatedSomething).as("rows with a generated text").isPositive();
        }
    }
}
