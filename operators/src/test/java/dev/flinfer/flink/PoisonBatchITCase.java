package dev.flinfer.flink;

import static dev.flinfer.flink.TestRecords.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.textembedding.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record the model cannot take, inside a full batch: it is isolated and dead-lettered, its batch
 * neighbours come out, and the job never restarts (the restart strategy is 'none', so any failure
 * would fail this test).
 *
 * <p>The poison is real: a copy of MiniLM whose tokenizer knows one extra word, with an id beyond
 * the model's embedding table, so ONNX Runtime's Gather fails for any batch that contains it.
 */
@Timeout(180)
class PoisonBatchITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = new MiniClusterExtension();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** MiniLM with "zzpoisonzz" added to its tokenizer as id 30522, one past the vocabulary. */
    static Path poisonedMiniLm(Path dir) throws Exception {
        ModelBundle original = TestModels.minilmBundle();
        Path bundle = Files.createDirectories(dir.resolve("minilm-poisoned"));
        for (String file :
                List.of(ModelBundle.MODEL, ModelBundle.CONFIG, ModelBundle.SENTENCE_BERT_CONFIG)) {
            Files.copy(original.directory().resolve(file), bundle.resolve(file));
        }
        ObjectNode tokenizer =
                (ObjectNode)
                        JSON.readTree(original.directory().resolve(ModelBundle.TOKENIZER).toFile());
        ArrayNode added = (ArrayNode) tokenizer.get("added_tokens");
        added.addObject()
                .put("id", 30522)
                .put("content", "zzpoisonzz")
                .put("single_word", false)
                .put("lstrip", false)
                .put("rstrip", false)
                .put("normalized", true)
                .put("special", false);
        ((ObjectNode) tokenizer.path("model").path("vocab")).put("zzpoisonzz", 30522);
        JSON.writeValue(bundle.resolve(ModelBundle.TOKENIZER).toFile(), tokenizer);
        return bundle;
    }

    @Test
    void aPoisonRecordInAFullBatchIsDeadLetteredAndItsNeighboursComeOut(@TempDir Path dir)
            throws Exception {
        Path model = poisonedMiniLm(dir);
        List<SourceRecord> inputs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            inputs.add(
                    text(
                            i,
                            i == 13
                                    ? "this text carries zzpoisonzz inside"
                                    : "ordinary text number " + i));
        }
        TextEmbeddings embeddings =
                TextEmbeddings.builder()
                        .setModel(model.toString())
                        .setDevice("cpu")
                        .setIntraOpThreads(1)
                        .setMaxBatchSize(16)
                        .setMaxLatency(Duration.ofSeconds(30))
                        .build();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        List<Outcome> outcomes = new ArrayList<>();
        try (CloseableIterator<Outcome> iterator =
                embeddings
                        .apply(env.fromData(inputs, TypeInformation.of(SourceRecord.class)))
                        .executeAndCollect()) {
            iterator.forEachRemaining(outcomes::add);
        }
        assertThat(outcomes).hasSize(32);
        for (int i = 0; i < 32; i++) {
            Outcome outcome = outcomes.get(i);
            if (i == 13) {
                assertThat(outcome.isDeadLetter()).isTrue();
                assertThat(outcome.deadLetter.code).isEqualTo("inference-failed");
                assertThat(outcome.deadLetter.stage).isEqualTo("inference");
                assertThat(outcome.deadLetter.record.offset).isEqualTo(13);
            } else {
                assertThat(outcome.isDeadLetter()).as("record %d", i).isFalse();
                assertThat(TestRecords.vector(outcome.output)).hasSize(384);
            }
        }
    }
}
