package dev.flinfer.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FlinkConfigKeysTest {
    private static final FlinkConfigKeys KEYS = FlinkConfigKeys.scan();

    @Test
    void theScanFindsFlinksOwnOptionClassesAndFlinfersOptions() {
        assertThat(KEYS.classesScanned)
                .contains(
                        "org.apache.flink.configuration.CoreOptions",
                        "org.apache.flink.configuration.CheckpointingOptions",
                        "org.apache.flink.configuration.TaskManagerOptions",
                        "org.apache.flink.configuration.HighAvailabilityOptions",
                        "dev.flinfer.tasks.FlinferOptions");
        assertThat(KEYS.current).containsKeys("taskmanager.numberOfTaskSlots", "flinfer.model");
        assertThat(KEYS.reporterSuffixes).contains("factory.class", "interval");
    }

    @Test
    void aMisspelledKeyIsUnknown() {
        assertThat(KEYS.unknown(Map.of("taskmanager.numberOfTaskSlot", "2")))
                .containsExactly("taskmanager.numberOfTaskSlot");
    }

    @Test
    void aKeyFlinkOnlyKeepsAsADeprecatedFallbackIsReportedAsSuch() {
        assertThat(KEYS.unknown(Map.of("state.checkpoints.dir", "s3://b/c")))
                .singleElement()
                .asString()
                .contains("deprecated");
    }

    @Test
    void reporterKeysAreCheckedAgainstMetricOptionsAndTheNamedFactory() {
        String factory = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
        assertThat(
                        KEYS.unknown(
                                Map.of(
                                        "metrics.reporter.prom.factory.class", factory,
                                        "metrics.reporter.prom.port", "9249",
                                        "metrics.reporter.prom.interval", "10 s")))
                .isEmpty();
        assertThat(
                        KEYS.unknown(
                                Map.of(
                                        "metrics.reporter.prom.factory.class",
                                        factory,
                                        "metrics.reporter.prom.prot",
                                        "9249")))
                .containsExactly("metrics.reporter.prom.prot");
        // without a factory, only the generic reporter keys are known
        assertThat(KEYS.unknown(Map.of("metrics.reporter.x.port", "1")))
                .containsExactly("metrics.reporter.x.port");
    }
}
