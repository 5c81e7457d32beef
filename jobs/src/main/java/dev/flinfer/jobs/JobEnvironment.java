package dev.flinfer.jobs;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink environment a job runs in: a local MiniCluster under {@code java -jar}, the cluster's
 * under {@code flink run}. Kafka jobs checkpoint (exactly-once); file jobs are bounded and run
 * without checkpoints. A bounded restart strategy makes a failure that keeps recurring surface
 * instead of looping.
 */
public final class JobEnvironment {
    static final int RESTART_ATTEMPTS = 5;
    static final Duration RESTART_DELAY = Duration.ofSeconds(2);

    private JobEnvironment() {}

    /** The configuration {@code options} imply. */
    public static Configuration configuration(JobOptions options) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, RESTART_DELAY);
        if (options.inputEndpoint().isKafka()) {
            conf.set(
                    CheckpointingOptions.CHECKPOINTING_INTERVAL,
                    Duration.ofMillis(options.checkpointIntervalMs));
            conf.set(
                    CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                    CheckpointingMode.EXACTLY_ONCE);
            if (options.checkpointDir != null) {
                conf.set(
                        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                        Checkpoints.toUri(options.checkpointDir));
                conf.set(
                        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            }
        }
        if (options.restore != null) {
            conf.set(
                    StateRecoveryOptions.SAVEPOINT_PATH,
                    Checkpoints.resolve(options.restore, options.checkpointDir));
        }
        return conf;
    }

    /** The environment for {@code options}, with its parallelism set. */
    public static StreamExecutionEnvironment create(JobOptions options) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(configuration(options));
        env.setParallelism(options.parallelism);
        return env;
    }
}
