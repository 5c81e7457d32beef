package dev.flinfer.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.engine.BatchReport;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The operator's metrics as the engine reports batches and steps to them. */
class InferenceMetricsTest {

    @Test
    void aStepWithMoreLiveSequencesThanJoinedRecordsIsRecorded() {
        InferenceMetrics metrics =
                new InferenceMetrics(new UnregisteredMetricsGroup(), "cpu", false);

        // a stepped worker's step: 12 live sequences, 2 of which joined before it
        metrics.onBatch(new BatchReport(12, 12, 12, new long[2], new long[2], 1_000_000, 0));

        assertThat(metrics.batchSizeHistogram().getCount()).isEqualTo(1);
        assertThat(metrics.batchSizeHistogram().getStatistics().getMax()).isEqualTo(12);
    }
}
