package dev.flinfer.jobs;

import dev.flinfer.jobs.local.EmbeddedKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the Kafka ITCases share: a real in-process broker and a MiniCluster with one TaskManager, 2
 * slots.
 */
abstract class KafkaAndFlinkTestBase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    /**
     * Options for a test job from {@code in} to {@code out} and {@code dlq} on the test broker,
     * CPU, 1 thread.
     */
    static JobOptions options(
            JobOptions.Task task, String in, String out, String dlq, int parallelism) {
        JobOptions options = new JobOptions();
        options.task = task;
        options.input = "kafka://" + kafka.bootstrapServers() + "/" + in;
        options.output = "kafka://" + kafka.bootstrapServers() + "/" + out;
        options.deadLetter = "kafka://" + kafka.bootstrapServers() + "/" + dlq;
        options.device = "cpu";
        options.threads = 1;
        options.parallelism = parallelism;
        options.batchSize = 16;
        options.checkpointIntervalMs = 500;
        options.jobName = "it-" + in;
        return options;
    }
}
