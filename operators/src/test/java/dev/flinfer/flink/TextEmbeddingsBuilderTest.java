package dev.flinfer.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.session.Device;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.textembedding.TextEmbeddingSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** One test per validation rule of the builder; configure() takes the FlinferOptions keys. */
class TextEmbeddingsBuilderTest {

    private static TextEmbeddings.Builder builder() {
        return TextEmbeddings.builder().setModel("all-minilm-l6-v2");
    }

    private static void assertRejected(Runnable setter, String badValue) {
        assertThatThrownBy(setter::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(badValue);
    }

    @Test
    void aBlankModelIsRejected() {
        assertRejected(() -> builder().setModel("  "), "'  '");
        assertRejected(() -> builder().setModel(null), "null");
    }

    @Test
    void anUnknownDeviceIsRejected() {
        assertRejected(() -> builder().setDevice("tpu:3"), "tpu:3");
    }

    @Test
    void negativeIntraOpThreadsAreRejected() {
        assertRejected(() -> builder().setIntraOpThreads(-2), "-2");
    }

    @Test
    void aMaxBatchSizeBelowOneIsRejected() {
        assertRejected(() -> builder().setMaxBatchSize(0), "got 0");
    }

    @Test
    void aNegativeMaxLatencyIsRejected() {
        Duration negative = Duration.ofMillis(-5);
        assertRejected(() -> builder().setMaxLatency(negative), negative.toString());
        assertRejected(() -> builder().setMaxLatency(null), "null");
    }

    @Test
    void fewerThanOnePrepareThreadIsRejected() {
        assertRejected(() -> builder().setPrepareThreads(0), "got 0");
    }

    @Test
    void aCapacityBelowOneIsRejected() {
        assertRejected(() -> builder().setCapacity(-7), "-7");
    }

    @Test
    void aZeroOrNegativeTimeoutIsRejected() {
        assertRejected(() -> builder().setTimeout(Duration.ZERO), Duration.ZERO.toString());
        Duration negative = Duration.ofSeconds(-3);
        assertRejected(() -> builder().setTimeout(negative), negative.toString());
    }

    @Test
    void aBlankTextFieldIsRejected() {
        assertRejected(() -> builder().setTextField(""), "''");
    }

    @Test
    void aBlankOutputFieldIsRejected() {
        assertRejected(() -> builder().setOutputField(" \t"), "' \t'");
    }

    @Test
    void maxTextCharsBelowOneAreRejected() {
        assertRejected(() -> builder().setMaxTextChars(0), "got 0");
    }

    @Test
    void maxRecordBytesBelowOneAreRejected() {
        assertRejected(() -> builder().setMaxRecordBytes(-1024), "-1024");
    }

    @Test
    void buildingWithoutAModelFails() {
        assertThatThrownBy(() -> TextEmbeddings.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No model set");
    }

    @Test
    void aCapacitySmallerThanTheMaxBatchSizeFailsInBuild() {
        TextEmbeddings.Builder builder = builder().setMaxBatchSize(64).setCapacity(16);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("capacity (16)")
                .hasMessageContaining("maxBatchSize (64)");
    }

    @Test
    void theDefaultsAreTheNamedConstants() {
        TextEmbeddings embeddings = builder().build();

        assertThat(embeddings.policy()).isEqualTo(BatchPolicy.defaults());
        assertThat(embeddings.capacity())
                .isEqualTo(
                        InferenceBuilder.DEFAULT_BATCHES_IN_FLIGHT
                                * BatchPolicy.DEFAULT_MAX_BATCH_SIZE);
        TextEmbeddingSettings settings = embeddings.settings();
        assertThat(settings.session())
                .isEqualTo(
                        new SessionSettings(
                                Device.AUTO,
                                0,
                                BatchPolicy.DEFAULT_INFERENCE_WORKERS,
                                BatchPolicy.DEFAULT_MAX_BATCH_SIZE));
        assertThat(settings.textField()).isEqualTo(TextEmbeddingSettings.DEFAULT_TEXT_FIELD);
        assertThat(settings.outputField()).isEqualTo(TextEmbeddingSettings.DEFAULT_OUTPUT_FIELD);
        assertThat(settings.maxTextChars()).isEqualTo(TextEmbeddingSettings.DEFAULT_MAX_TEXT_CHARS);
        assertThat(settings.maxRecordBytes())
                .isEqualTo(TextEmbeddingSettings.DEFAULT_MAX_RECORD_BYTES);
    }

    @Test
    void configureTakesEveryFlinferOptionsKey() {
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MODEL, "/models/my-bert");
        conf.set(FlinferOptions.DEVICE, "cuda:1");
        conf.set(FlinferOptions.INTRA_OP_THREADS, 3);
        conf.set(FlinferOptions.MAX_BATCH_SIZE, 8);
        conf.set(FlinferOptions.MAX_LATENCY, Duration.ofMillis(75));
        conf.set(FlinferOptions.PREPARE_THREADS, 2);
        conf.set(FlinferOptions.INFERENCE_WORKERS, 3);
        conf.set(FlinferOptions.CAPACITY, 24);
        conf.set(FlinferOptions.TIMEOUT, Duration.ofSeconds(90));
        conf.set(FlinferOptions.TEXT_FIELD, "/post/body");
        conf.set(FlinferOptions.OUTPUT_FIELD, "vec");
        conf.set(FlinferOptions.MAX_TEXT_CHARS, 5000);
        conf.set(FlinferOptions.MAX_RECORD_BYTES, 65536);

        TextEmbeddings embeddings = TextEmbeddings.builder().configure(conf).build();

        TextEmbeddingSettings settings = embeddings.settings();
        assertThat(settings.model()).isEqualTo("/models/my-bert");
        assertThat(settings.session())
                .isEqualTo(new SessionSettings(new Device(Device.Kind.CUDA, 1), 3, 3, 8));
        assertThat(settings.textField()).isEqualTo("/post/body");
        assertThat(settings.outputField()).isEqualTo("vec");
        assertThat(settings.maxTextChars()).isEqualTo(5000);
        assertThat(settings.maxRecordBytes()).isEqualTo(65536);
        assertThat(embeddings.policy())
                .isEqualTo(new BatchPolicy(8, Duration.ofMillis(75), 2, true, 3));
        assertThat(embeddings.capacity()).isEqualTo(24);
        assertThat(embeddings.factory().name()).isEqualTo("embed-my-bert");
    }

    @Test
    void configureReadsKeysGivenAsStrings() {
        Configuration conf =
                Configuration.fromMap(
                        Map.of(
                                "flinfer.model", "all-minilm-l6-v2",
                                "flinfer.device", "cpu",
                                "flinfer.batch.max-size", "4",
                                "flinfer.batch.max-latency", "250 ms"));

        TextEmbeddings embeddings = TextEmbeddings.builder().configure(conf).build();

        assertThat(embeddings.settings().session().device()).isEqualTo(Device.CPU);
        assertThat(embeddings.policy().maxBatchSize()).isEqualTo(4);
        assertThat(embeddings.policy().maxLatency()).isEqualTo(Duration.ofMillis(250));
        assertThat(embeddings.capacity()).isEqualTo(16);
    }

    @Test
    void configureRejectsABadValueWithTheSameMessageAsTheSetter() {
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MAX_BATCH_SIZE, -3);

        assertRejected(() -> builder().configure(conf), "-3");
    }

    @Test
    void keysTheConfigurationDoesNotSetKeepTheBuilderValues() {
        TextEmbeddings embeddings =
                builder().setMaxBatchSize(10).configure(new Configuration()).build();

        assertThat(embeddings.policy().maxBatchSize()).isEqualTo(10);
    }
}
