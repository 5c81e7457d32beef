package dev.flinfer.sql;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.catalog.Column.physical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flinfer.sql.internal.ModelSpec;
import dev.flinfer.sql.internal.OnnxModelProvider;
import dev.flinfer.sql.internal.OutputLayout.Kind;
import dev.flinfer.tasks.TaskDescriptor.Reads;
import dev.flinfer.tasks.textembedding.TextEmbeddingTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per rule the onnx provider checks when a query using the model is planned. */
class OnnxModelValidationTest {

    private static ModelSpec spec(SqlModels model) {
        return ((OnnxModelProvider) model.create()).spec();
    }

    private static void assertRejected(SqlModels model, String... fragments) {
        assertThatThrownBy(model::create)
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(deepestValidationError(e)).contains(fragments));
    }

    /** The message of the innermost ValidationException: Flink wraps the factory's own. */
    private static String deepestValidationError(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ValidationException) {
                message = t.getMessage();
            }
        }
        return message;
    }

    @Test
    void theReadmeEmbeddingModelIsAccepted() {
        ModelSpec spec = spec(SqlModels.minilm().option("max-batch-size", "8"));
        assertThat(spec.task()).isEqualTo(TextEmbeddingTask.INSTANCE);
        assertThat(spec.input()).isEqualTo(Reads.TEXT);
        assertThat(spec.policy().maxBatchSize()).isEqualTo(8);
        assertThat(spec.policy().maxLatency()).isEqualTo(Duration.ofMillis(20));
        assertThat(spec.layout().columns()).containsExactly(Kind.EMBEDDING_FLOAT);
    }

    @Test
    void anImageClassifierWithLabelScoreLabelsAndErrorColumnsIsAccepted() {
        ModelSpec spec =
                spec(
                        SqlModels.minilm()
                                .option("task", "classification")
                                .option("model", "text-orientation")
                                .input(physical("image", BYTES()))
                                .output(
                                        physical("label", STRING()),
                                        physical("score", DOUBLE()),
                                        physical(
                                                "labels",
                                                ARRAY(
                                                        ROW(
                                                                FIELD("label", STRING()),
                                                                FIELD("score", FLOAT())))),
                                        physical("error", STRING())));
        assertThat(spec.input()).isEqualTo(Reads.IMAGE);
        assertThat(spec.policy().prepareThreads()).isEqualTo(2);
        assertThat(spec.layout().columns())
                .containsExactly(Kind.LABEL, Kind.SCORE_DOUBLE, Kind.LABELS_FLOAT, Kind.ERROR);
    }

    @Test
    void anUnknownModelNameIsRejectedListingTheBundledModels() {
        assertRejected(
                SqlModels.minilm().option("model", "no-such-model"),
                "Model 'cat.db.m'",
                "Unknown model 'no-such-model'",
                "all-minilm-l6-v2");
    }

    @Test
    void aMissingBundleDirectoryUnderTheModelDirIsRejectedNamingThePath(@TempDir Path dir) {
        String missing = dir.resolve("no/such/dir").toString();
        assertRejected(
                SqlModels.minilm()
                        .config("flinfer.model.dir", dir.toString())
                        .option("model", missing),
                missing,
                "not a directory");
    }

    @Test
    void aPathOutsideTheAllowedRootsOrADotDotEscapeIsRefusedAlikeWhetherOrNotItExists(
            @TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("models"));
        Path bundle = Files.createDirectories(dir.resolve("private/bundle"));
        Files.writeString(bundle.resolve("model.onnx"), "not a model");
        List<String> refusals = new ArrayList<>();
        for (String model :
                List.of(
                        bundle.toString(),
                        dir.resolve("private/missing").toString(),
                        root + "/../private/bundle",
                        root + "/../private/missing")) {
            SqlModels sql =
                    SqlModels.minilm()
                            .config("flinfer.model.allowed-roots", root.toString())
                            .option("model", model);
            Throwable error = catchThrowable(sql::create);
            assertThat(error).as(model).isInstanceOf(ValidationException.class);
            refusals.add(deepestValidationError(error).replace(model, "MODEL"));
        }
        assertThat(refusals.get(0))
                .startsWith("Model 'cat.db.m' (provider 'onnx'): Unknown model 'MODEL'")
                .contains("flinfer.model.allowed-roots")
                .doesNotContain("not a directory", "model.onnx");
        assertThat(refusals).containsOnly(refusals.get(0));
    }

    @Test
    void anUnknownTaskIsRejected() {
        assertRejected(
                SqlModels.minilm().option("task", "regression"),
                "unknown task 'regression'",
                "'embedding', 'classification' or 'generation'");
    }

    @Test
    void theTaskIsRequired() {
        assertRejected(SqlModels.minilm().option("task", null), "task");
    }

    @Test
    void anUnknownOptionIsRejected() {
        assertRejected(SqlModels.minilm().option("max-batch", "8"), "max-batch");
    }

    @Test
    void embeddingWithAnImageModelIsATaskMismatch() {
        assertRejected(
                SqlModels.minilm()
                        .option("model", "text-orientation")
                        .input(physical("image", BYTES())),
                "task 'embedding' needs a text encoder",
                "image model");
    }

    @Test
    void embeddingIntoALabelColumnIsAnOutputSchemaMismatch() {
        assertRejected(
                SqlModels.minilm().output(physical("label", STRING())),
                "OUTPUT column 'label'",
                "task 'embedding' outputs one ARRAY<FLOAT>");
    }

    @Test
    void classificationIntoAnEmbeddingColumnIsAnOutputSchemaMismatch() {
        assertRejected(
                SqlModels.minilm()
                        .option("task", "classification")
                        .option("model", "text-orientation")
                        .input(physical("image", BYTES())),
                "OUTPUT column 'embedding'",
                "task 'classification' outputs a STRING column");
    }

    @Test
    void twoColumnsForTheSameResultAreRejected() {
        assertRejected(
                SqlModels.minilm()
                        .output(physical("a", ARRAY(FLOAT())), physical("b", ARRAY(DOUBLE()))),
                "OUTPUT column 'b' repeats");
    }

    @Test
    void anOutputWithOnlyAnErrorColumnIsRejected() {
        assertRejected(
                SqlModels.minilm().output(physical("error", STRING())), "OUTPUT has no result");
    }

    @Test
    void aNonStringErrorColumnIsRejected() {
        assertRejected(
                SqlModels.minilm()
                        .output(physical("embedding", ARRAY(FLOAT())), physical("error", INT())),
                "error column 'error' must be STRING");
    }

    @Test
    void aNotNullOutputIsRejectedWhenBadRowsGiveNulls() {
        assertRejected(
                SqlModels.minilm().output(physical("embedding", ARRAY(FLOAT()).notNull())),
                "is NOT NULL",
                "'on-error' = 'fail'");
        assertThat(
                        spec(SqlModels.minilm()
                                        .option("on-error", "fail")
                                        .output(physical("embedding", ARRAY(FLOAT()).notNull())))
                                .onError())
                .isEqualTo(OnnxModelOptions.OnError.FAIL);
    }

    @Test
    void aBytesInputForATextModelIsTheWrongInputColumnType() {
        assertRejected(
                SqlModels.minilm().input(physical("text", BYTES())),
                "INPUT must be one STRING column (the model is a text model)",
                "BYTES");
    }

    @Test
    void aStringInputForAnImageModelIsTheWrongInputColumnType() {
        assertRejected(
                SqlModels.minilm()
                        .option("task", "classification")
                        .option("model", "text-orientation")
                        .output(physical("label", STRING())),
                "INPUT must be one BYTES column");
    }

    @Test
    void twoInputColumnsAreRejected() {
        assertRejected(
                SqlModels.minilm().input(physical("title", STRING()), physical("body", STRING())),
                "INPUT must be one STRING column",
                "title",
                "body");
    }

    @Test
    void badNumbersAndDevicesAreRejectedNamingTheOption() {
        assertRejected(
                SqlModels.minilm().option("max-batch-size", "0"), "'max-batch-size' must be >= 1");
        assertRejected(SqlModels.minilm().option("top-k", "-1"), "'top-k' must be >= 0");
        assertRejected(SqlModels.minilm().option("prepare-threads", "0"), "'prepare-threads'");
        assertRejected(
                SqlModels.minilm().option("inference-workers", "0"),
                "'inference-workers' must be >= 1, got 0");
        assertRejected(SqlModels.minilm().option("device", "tpu:0"), "option 'device'", "tpu:0");
        assertRejected(SqlModels.minilm().option("on-error", "ignore"), "on-error");
    }

    @Test
    void theBuildersFullOptionKeysWorkInSqlToo() {
        ModelSpec spec =
                spec(
                        SqlModels.minilm()
                                .option("flinfer.batch.max-size", "8")
                                .option("flinfer.batch.max-latency", "5 ms")
                                .option("flinfer.batch.length-buckets", "false"));

        assertThat(spec.policy().maxBatchSize()).isEqualTo(8);
        assertThat(spec.policy().maxLatency()).isEqualTo(Duration.ofMillis(5));
        assertThat(spec.policy().lengthBuckets()).isFalse();
    }

    @Test
    void aBadValueUnderAFullKeyIsRejectedNamingBothKeys() {
        assertRejected(
                SqlModels.minilm().option("flinfer.batch.inference-workers", "0"),
                "'inference-workers' must be >= 1, got 0",
                "'flinfer.batch.inference-workers'");
    }

    @Test
    void theTaskCanBeNamedAsTheCommandLineNamesIt() {
        ModelSpec spec =
                spec(
                        SqlModels.minilm()
                                .option("task", "image-classification")
                                .option("model", "text-orientation")
                                .input(physical("image", BYTES()))
                                .output(physical("label", STRING())));

        assertThat(spec.input()).isEqualTo(Reads.IMAGE);
        assertThat(spec.settings().model()).isEqualTo("text-orientation");
    }

    @Test
    void moderationIsNotASqlTask() {
        assertRejected(
                SqlModels.minilm().option("task", "moderation"), "unknown task 'moderation'");
    }

    /** A repository {@code encoder} under {@code root} with the bundled MiniLM as version 1. */
    private static Path repository(Path root) throws Exception {
        Path version = root.resolve("encoder").resolve("1");
        Files.createDirectories(version);
        Path bundle = dev.flinfer.bundle.ModelCatalog.resolve("all-minilm-l6-v2").directory();
        try (var files = Files.list(bundle)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, version.resolve(file.getFileName().toString()));
            }
        }
        return root.resolve("encoder");
    }

    @Test
    void aControlledModelServesItsRepositorysVersionAndFillsTheVersionColumn(@TempDir Path root)
            throws Exception {
        Path repository = repository(root);
        ModelSpec spec =
                spec(
                        SqlModels.minilm()
                                .config("flinfer.model.allowed-roots", root.toString())
                                .option("model", repository.toString())
                                .option("model-control", "kafka://localhost:9092/model-commands")
                                .option("model-poll-interval", "1 min")
                                .output(
                                        physical("embedding", ARRAY(FLOAT())),
                                        physical("model_version", STRING())));

        assertThat(spec.versions().initial()).isEqualTo(1);
        assertThat(spec.versions().servers()).isEqualTo("localhost:9092");
        assertThat(spec.versions().topic()).isEqualTo("model-commands");
        assertThat(spec.versions().pollInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(spec.layout().columns())
                .containsExactly(Kind.EMBEDDING_FLOAT, Kind.MODEL_VERSION);
        assertThat(spec.atVersion(1).settings().model()).endsWith("1");
    }

    @Test
    void modelControlOnAModelWithoutVersionsIsRejected() {
        assertRejected(
                SqlModels.minilm().option("model-control", "kafka://localhost:9092/commands"),
                "is not a local versioned repository");
    }

    @Test
    void aModelControlThatIsNoKafkaTopicIsRejected(@TempDir Path root) throws Exception {
        Path repository = repository(root);
        assertRejected(
                SqlModels.minilm()
                        .config("flinfer.model.allowed-roots", root.toString())
                        .option("model", repository.toString())
                        .option("model-control", "localhost:9092"),
                "'model-control' must be kafka://HOST:PORT/TOPIC");
    }

    @Test
    void aPollIntervalUnder100MsIsRejected(@TempDir Path root) throws Exception {
        Path repository = repository(root);
        assertRejected(
                SqlModels.minilm()
                        .config("flinfer.model.allowed-roots", root.toString())
                        .option("model", repository.toString())
                        .option("model-poll-interval", "10ms"),
                "'model-poll-interval' must be at least 100 ms");
    }

    @Test
    void aRepositoryOutsideTheAllowedRootsIsRejected(@TempDir Path root) throws Exception {
        Path repository = repository(root);
        assertRejected(
                SqlModels.minilm()
                        .option("model", repository.toString())
                        .option("model-poll-interval", "1 min"),
                "allowed model roots");
    }

    @Test
    void aVersionColumnThatIsNoStringIsRejected() {
        assertRejected(
                SqlModels.minilm()
                        .output(
                                physical("embedding", ARRAY(FLOAT())),
                                physical("model_version", INT())),
                "'model_version' gets the model's version and must be STRING");
    }
}
