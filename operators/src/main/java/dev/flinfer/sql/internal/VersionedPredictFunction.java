package dev.flinfer.sql.internal;

import dev.flinfer.engine.BatchingEngine;
import dev.flinfer.engine.EngineListener;
import dev.flinfer.flink.internal.CommandRules;
import dev.flinfer.flink.internal.InferenceMetrics;
import dev.flinfer.flink.internal.VersionMetrics;
import dev.flinfer.lifecycle.ModelCommand;
import dev.flinfer.lifecycle.ModelEvent;
import dev.flinfer.lifecycle.ServingPlan;
import dev.flinfer.lifecycle.VersionSwitch;
import dev.flinfer.tasks.ModelAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ML_PREDICT}'s async function for a model whose version changes while the query runs: an
 * engine per loaded version ({@link VersionSwitch}, as the DataStream operators have), commands
 * from the control topic and the repository poll ({@link ControlFeed}) checked by the rules the
 * DataStream job uses ({@link CommandRules}) and applied between rows, each row routed by the plan
 * when it arrives (a canary by a hash of the row's input). Events go to the log; metrics per
 * version to the function's metric group.
 *
 * <p>SQL has no broadcast stream and no state for a predict function, so each subtask applies a
 * command at its next row after it arrives, and a reopened function (after a failover) replays the
 * control topic from the query's planning to serve what it served before the failure.
 */
@Internal
public final class VersionedPredictFunction extends AsyncPredictFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(VersionedPredictFunction.class);

    private final ModelSpec spec;
    private transient VersionSwitch<BatchingEngine<Object, ?, ?, Prediction>> versions;
    private transient ControlFeed feed;
    private transient CommandRules rules;
    private transient InferenceMetrics metrics;
    private transient VersionMetrics versionMetrics;
    private transient int subtask;
    private transient String device;
    private transient boolean cpuFallback;

    public VersionedPredictFunction(ModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        subtask = context.getTaskInfo().getIndexOfThisSubtask();
        SqlVersions of = spec.versions();
        rules = new CommandRules(of.repository(), false);
        EngineListener forward =
                report -> {
                    InferenceMetrics listening = metrics;
                    if (listening != null) {
                        listening.onBatch(report);
                    }
                };
        String name = spec.name() + "-" + subtask;
        versions =
                new VersionSwitch<>(
                        of.repository().name(),
                        ServingPlan.serving(of.initial(), of.repository().pinned().isEmpty()),
                        new VersionSwitch.Versions<>() {
                            @Override
                            public BatchingEngine<Object, ?, ?, Prediction> open(int version) {
                                return start(name + "-v" + version, version, forward);
                            }

                            @Override
                            public void close(BatchingEngine<Object, ?, ?, Prediction> engine) {
                                engine.close();
                            }
                        },
                        "flinfer-sql-" + name + "-versions");
        log(versions.start(List.of()));
        metrics = new InferenceMetrics(context.getMetricGroup(), device, cpuFallback);
        versionMetrics = new VersionMetrics(context.getMetricGroup(), () -> versions.plan());
        feed = new ControlFeed(of, name);
        // what was commanded since the query was planned, each step once its version loaded
        for (byte[] command : feed.backlog()) {
            apply(command);
            while (!versions.pendingCommands().isEmpty()) {
                Thread.sleep(20);
                log(versions.boundary());
            }
        }
        feed.start();
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncPredict(RowData features) {
        for (byte[] command = feed.poll(); command != null; command = feed.poll()) {
            apply(command);
        }
        log(versions.boundary());
        Object value = RowValues.read(features, spec.input());
        int version = versions.plan().route(routingKey(value), "");
        metrics.recordIn();
        versionMetrics.prepare(version);
        long start = System.nanoTime();
        VersionSwitch.Use<BatchingEngine<Object, ?, ?, Prediction>> use = versions.use(version);
        return use.engine()
                .submit(value)
                .whenComplete((prediction, error) -> use.release())
                .thenApply(
                        prediction -> {
                            metrics.recordDone(prediction.failed());
                            versionMetrics.done(
                                    version,
                                    prediction.failed(),
                                    (System.nanoTime() - start) / 1_000_000);
                            return OnnxPredictFunction.rows(spec, prediction);
                        });
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
            feed = null;
        }
        if (versions != null) {
            versions.close();
            versions = null;
        }
    }

    /** The serving plan now, for tests. */
    ServingPlan plan() {
        return versions.plan();
    }

    private void apply(byte[] bytes) {
        CommandRules.Verdict verdict = rules.check(bytes);
        if (verdict.refusal() != null) {
            log(
                    List.of(
                            ModelEvent.badCommand(
                                    spec.versions().repository().name(),
                                    bytes,
                                    verdict.refusal())));
        }
        for (byte[] command : verdict.commands()) {
            log(versions.command(ModelCommand.parse(command)));
        }
    }

    private void log(List<ModelEvent> events) {
        for (ModelEvent event : events) {
            String json =
                    new String(
                            event.toJson(subtask, System.currentTimeMillis()),
                            StandardCharsets.UTF_8);
            if (event.isRefusal()) {
                LOG.warn("Model {}: {}", spec.name(), json);
            } else {
                LOG.info("Model {}: {}", spec.name(), json);
            }
        }
    }

    /** What a canary hashes: the row's input (a text's UTF-8 bytes, an image's bytes). */
    private static byte[] routingKey(Object value) {
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return value instanceof byte[] bytes ? bytes : null;
    }

    private BatchingEngine<Object, ?, ?, Prediction> start(
            String name, int version, EngineListener listener) {
        ModelAdapter<Object, ?, ?, Prediction> task = RowTask.open(spec.atVersion(version));
        if (device == null) {
            device = task.device();
            cpuFallback = task.cpuFallback();
        }
        return OnnxPredictFunction.start(name, task, spec, listener);
    }
}
