package dev.flinfer.flink;

import dev.flinfer.flink.internal.CommandCheck;
import dev.flinfer.flink.internal.CommandInterleaver;
import dev.flinfer.flink.internal.RepositoryPoll;
import dev.flinfer.flink.internal.VersionedAsyncFunction;
import dev.flinfer.flink.internal.VersionedInput;
import dev.flinfer.lifecycle.ServingPlan;
import dev.flinfer.record.DeadLetter;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.TaskDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * A stage whose model is a numbered version of a repository ({@link ModelRepository}), served so
 * that the version can change while the job runs: by commands on a control stream (a Kafka topic,
 * read as a broadcast stream, so every subtask sees every command at one point of its records) and
 * by polling the repository for a newer version. A new version loads beside the serving one, passes
 * the start-up checks and the warm-up, and takes over at a record boundary; a canary sends a share
 * of keys to it, a shadow runs every record on it too and compares. Checkpoints carry which version
 * serves what.
 *
 * <pre>{@code
 * InferenceStage<?> stage = TextEmbeddings.builder().setModel("s3://models/encoder").build();
 * ModelLifecycle.Streams out = ModelLifecycle.builder(stage)
 *         .setControl(commands)                      // DataStream<byte[]> of JSON commands
 *         .setPollInterval(Duration.ofMinutes(1))
 *         .setComparisons(true)
 *         .build()
 *         .apply(records);
 * out.records().sinkTo(sink);
 * out.events().sinkTo(eventSink);
 * }</pre>
 *
 * <p>Memory: while a version loads, and while the old one finishes its last batches, two versions
 * are open at once; size the TaskManager for both.
 */
@PublicEvolving
public final class ModelLifecycle {
    private final InferenceStage<?> stage;
    private final ModelRepository repository;
    private final DataStream<byte[]> control;
    private final Duration pollInterval;
    private final boolean comparisons;
    private final int initialVersion;

    private ModelLifecycle(Builder builder, ModelRepository repository, int initialVersion) {
        this.stage = builder.stage;
        this.repository = repository;
        this.control = builder.control;
        this.pollInterval = builder.pollInterval;
        this.comparisons = builder.comparisons;
        this.initialVersion = initialVersion;
    }

    public static Builder builder(InferenceStage<?> stage) {
        return new Builder(stage);
    }

    /** The repository the stage's model is in. */
    public ModelRepository repository() {
        return repository;
    }

    /** The version served at start: the one pinned by the model's location, else the newest. */
    public int initialVersion() {
        return initialVersion;
    }

    /** What a versioned stage gives: outcomes split, with the lifecycle's events. */
    @PublicEvolving
    public record Streams(Outcomes.Split split, DataStream<byte[]> events) {
        public SingleOutputStreamOperator<SourceRecord> records() {
            return split.records();
        }

        public DataStream<DeadLetter> deadLetters() {
            return split.deadLetters();
        }

        /** Shadow comparisons, one per record while a shadow runs (JSON). */
        public DataStream<byte[]> comparisons() {
            return split.comparisons();
        }
    }

    /** The records through the versioned model; operator uids start with {@code flinfer-model}. */
    public Streams apply(DataStream<SourceRecord> records) {
        Inputs inputs = withCommands(records);
        Outcomes.Split split = Outcomes.split(outcomes(inputs.elements()));
        split.records().uid("flinfer-model-split");
        DataStream<byte[]> events = split.events();
        if (inputs.refused() != null) {
            events = events.union(inputs.refused());
        }
        return new Streams(split, events);
    }

    /** Records with the checked commands between them, and the commands refused (or null). */
    private record Inputs(DataStream<VersionedInput> elements, DataStream<byte[]> refused) {}

    /** One outcome per record in input order, with events and comparisons between them. */
    private SingleOutputStreamOperator<Outcome> outcomes(DataStream<VersionedInput> inputs) {
        BatchedInference batching = stage.batching();
        VersionedAsyncFunction function =
                new VersionedAsyncFunction(
                        stage.task(),
                        stage.options(),
                        repository,
                        ServingPlan.serving(initialVersion, repository.pinned().isEmpty()),
                        batching.policy(),
                        batching.sharedEngine());
        return AsyncDataStream.orderedWait(
                        inputs,
                        function,
                        batching.timeout().toMillis(),
                        TimeUnit.MILLISECONDS,
                        batching.capacity())
                .returns(TypeInformation.of(Outcome.class))
                .name("flinfer-" + repository.name() + "-versions")
                .uid("flinfer-model-versions");
    }

    private Inputs withCommands(DataStream<SourceRecord> records) {
        DataStream<byte[]> commands = control;
        if (pollInterval != null) {
            DataStream<byte[]> polls =
                    records.getExecutionEnvironment()
                            .fromSource(
                                    new DataGeneratorSource<>(
                                            new RepositoryPoll(repository),
                                            Long.MAX_VALUE,
                                            RateLimiterStrategy.perSecond(
                                                    1000.0 / pollInterval.toMillis()),
                                            TypeInformation.of(byte[].class)),
                                    WatermarkStrategy.noWatermarks(),
                                    "poll:" + repository.location())
                            .setParallelism(1)
                            .uid("flinfer-model-poll");
            commands = commands == null ? polls : commands.union(polls);
        }
        SingleOutputStreamOperator<VersionedInput> wrapped =
                records.map(VersionedInput::record)
                        .returns(VersionedInput.class)
                        .name("flinfer-model-records")
                        .uid("flinfer-model-records");
        if (commands == null) {
            return new Inputs(wrapped, null);
        }
        SingleOutputStreamOperator<byte[]> checked =
                commands.process(
                                new CommandCheck(repository, comparisons),
                                TypeInformation.of(byte[].class))
                        .setParallelism(1)
                        .name("flinfer-model-command-check")
                        .uid("flinfer-model-command-check");
        // Joining the commands takes the records off the source's chain, across a network
        // buffer; flushed at Flink's default (100 ms) it would outlast the batch's max latency.
        long flushMs = Math.max(1, stage.policy().maxLatency().toMillis() / 10);
        checked.setBufferTimeout(flushMs);
        wrapped.setBufferTimeout(flushMs);
        return new Inputs(
                wrapped.connect(checked.broadcast())
                        .flatMap(new CommandInterleaver(), TypeInformation.of(VersionedInput.class))
                        .name("flinfer-model-commands")
                        .uid("flinfer-model-commands"),
                checked.getSideOutput(CommandCheck.REFUSED));
    }

    /** Builds a {@link ModelLifecycle}; the stage's model must be a versioned repository. */
    @PublicEvolving
    public static final class Builder {
        private final InferenceStage<?> stage;
        private DataStream<byte[]> control;
        private Duration pollInterval;
        private boolean comparisons;

        private Builder(InferenceStage<?> stage) {
            if (stage == null) {
                throw new IllegalArgumentException("stage must not be null");
            }
            this.stage = stage;
        }

        /** JSON model commands ({@link dev.flinfer.lifecycle.ModelCommand}), e.g. a Kafka topic. */
        public Builder setControl(DataStream<byte[]> commands) {
            this.control = commands;
            return this;
        }

        /** How often to look for a newer version in the repository; null: never. */
        public Builder setPollInterval(Duration interval) {
            if (interval != null && (interval.isNegative() || interval.toMillis() < 100)) {
                throw new IllegalArgumentException(
                        "poll interval must be at least 100 ms, got " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * Whether the job writes the shadow's comparisons somewhere; without, shadows are refused.
         */
        public Builder setComparisons(boolean written) {
            this.comparisons = written;
            return this;
        }

        /**
         * Checks on the client that the model is a repository with the version to serve, that it
         * opens as a bundle, and that the task has one model.
         */
        public ModelLifecycle build() {
            TaskDescriptor<?> task = stage.task();
            if (task.reads() == TaskDescriptor.Reads.POST) {
                throw new IllegalArgumentException(
                        "model versions are not built for " + task.name() + " (it has two models)");
            }
            String model = stage.settings().model();
            if (!ModelRepository.isVersioned(model)) {
                throw new IllegalArgumentException(
                        "model '"
                                + model
                                + "' is not a versioned repository: changing versions while the job"
                                + " runs needs NAME/1/, NAME/2/, ... directories (a local path or a"
                                + " file system URI)");
            }
            ModelRepository repository = ModelRepository.of(model);
            int initial = repository.initialVersion();
            if (!repository.exists(initial)) {
                throw new IllegalArgumentException(
                        "version " + initial + " is not in " + repository.location());
            }
            return new ModelLifecycle(this, repository, initial);
        }
    }
}
