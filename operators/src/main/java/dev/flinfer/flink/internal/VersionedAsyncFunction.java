package dev.flinfer.flink.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.engine.BatchReport;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.engine.BatchingEngine;
import dev.flinfer.engine.EngineListener;
import dev.flinfer.flink.ModelRepository;
import dev.flinfer.lifecycle.ModelCommand;
import dev.flinfer.lifecycle.ModelEvent;
import dev.flinfer.lifecycle.ServingPlan;
import dev.flinfer.lifecycle.ShadowComparison;
import dev.flinfer.lifecycle.VersionSwitch;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.TaskDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * The async function in front of a model whose versions change while the job runs: an engine per
 * loaded version ({@link VersionSwitch}), each record routed by the {@link ServingPlan} (serving,
 * canary by key hash, shadow) when it first arrives, commands taken where they stand in the stream.
 * Lifecycle events and shadow comparisons go out with the next record's outcome, in order.
 *
 * <p>The checkpoint story: the plan and the loads in progress are operator state (union list state,
 * one entry per subtask); a record's versions are written into the element the async operator
 * checkpoints, so a replayed record runs on the versions of its first attempt, and records after
 * the checkpoint are routed by the restored plan.
 */
@Internal
public final class VersionedAsyncFunction extends RichAsyncFunction<VersionedInput, Outcome>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TaskDescriptor<?> task;
    private final Configuration options;
    private final ModelRepository repository;
    private final BatchPolicy policy;
    private final boolean sharedEngine;
    private final ServingPlan initial;

    private transient ListState<String> state;
    private transient ServingPlan restoredPlan;
    private transient List<ModelCommand> restoredPending;
    private transient VersionSwitch<VersionEngine> versions;
    private transient InferenceMetrics metrics;
    private transient VersionMetrics versionMetrics;
    private transient List<Outcome> startEvents;
    private transient int subtask;

    /** A loaded version: its engine, the slot's own or a shared one. */
    record VersionEngine(
            BatchingEngine<SourceRecord, ?, ?, Outcome> engine,
            SharedEngines.Lease lease,
            String device,
            boolean cpuFallback) {
        void close() {
            if (lease != null) {
                lease.release();
            } else {
                engine.close();
            }
        }
    }

    public VersionedAsyncFunction(
            TaskDescriptor<?> task,
            Configuration options,
            ModelRepository repository,
            ServingPlan initial,
            BatchPolicy policy,
            boolean sharedEngine) {
        this.task = task;
        this.options = options;
        this.repository = repository;
        this.initial = initial;
        this.policy = policy;
        this.sharedEngine = sharedEngine;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        state =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("flinfer-model-versions", String.class));
        if (!context.isRestored()) {
            return;
        }
        int me = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        JsonNode chosen = null;
        for (String entry : state.get()) {
            JsonNode node = JSON.readTree(entry);
            if (chosen == null || node.path("subtask").asInt() == me) {
                chosen = node;
            }
        }
        if (chosen != null) {
            restoredPlan = ServingPlan.fromJson(chosen.get("plan"));
            restoredPending = new ArrayList<>();
            for (JsonNode command : chosen.path("pending")) {
                restoredPending.add(
                        ModelCommand.parse(command.asText().getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Override
    public void open(OpenContext openContext) {
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        ServingPlan plan = restoredPlan != null ? restoredPlan : initial;
        EngineListener forward =
                new EngineListener() {
                    @Override
                    public void onBatch(BatchReport report) {
                        InferenceMetrics listening = metrics;
                        if (listening != null) {
                            listening.onBatch(report);
                        }
                    }
                };
        versions =
                new VersionSwitch<>(
                        repository.name(),
                        plan,
                        new VersionSwitch.Versions<>() {
                            @Override
                            public VersionEngine open(int version) {
                                return openVersion(version, forward);
                            }

                            @Override
                            public void close(VersionEngine engine) {
                                engine.close();
                            }
                        },
                        "flinfer-" + repository.name() + "-versions-" + subtask);
        List<ModelEvent> events =
                versions.start(restoredPending != null ? restoredPending : List.of());
        VersionEngine serving = versions.loaded(versions.plan().serving());
        metrics =
                new InferenceMetrics(
                        getRuntimeContext().getMetricGroup(),
                        serving.device(),
                        serving.cpuFallback());
        versionMetrics =
                new VersionMetrics(getRuntimeContext().getMetricGroup(), () -> versions.plan());
        startEvents = new ArrayList<>(outcomes(events));
    }

    @Override
    public void asyncInvoke(VersionedInput input, ResultFuture<Outcome> resultFuture) {
        List<Outcome> notes = new ArrayList<>(startEvents);
        startEvents.clear();
        notes.addAll(outcomes(versions.boundary()));
        if (input.isCommand()) {
            try {
                notes.addAll(outcomes(versions.command(ModelCommand.parse(input.command))));
            } catch (IllegalArgumentException e) {
                notes.add(
                        event(
                                ModelEvent.badCommand(
                                        repository.name(), input.command, e.getMessage())));
            }
            resultFuture.complete(notes);
            return;
        }
        SourceRecord record = input.record;
        if (input.version == 0) {
            ServingPlan plan = versions.plan();
            input.version = plan.route(record.key, record.position());
            input.shadow = plan.shadow() == input.version ? 0 : plan.shadow();
        }
        metrics.recordIn();
        int version = input.version;
        versionMetrics.prepare(version);
        long start = System.nanoTime();
        CompletableFuture<Outcome> primary = submit(version, record);
        if (input.shadow == 0) {
            primary.whenComplete(
                    (outcome, error) -> {
                        if (error != null) {
                            resultFuture.completeExceptionally(error);
                            return;
                        }
                        finished(version, outcome, start);
                        notes.add(outcome);
                        resultFuture.complete(notes);
                    });
            return;
        }
        int shadow = input.shadow;
        CompletableFuture<Outcome> shadowed = submit(shadow, record);
        primary.whenComplete(
                (outcome, error) -> {
                    if (error != null) {
                        resultFuture.completeExceptionally(error);
                        return;
                    }
                    finished(version, outcome, start);
                    shadowed.whenComplete(
                            (shadowOutcome, shadowError) -> {
                                ShadowComparison comparison =
                                        ShadowComparison.compare(
                                                repository.name(),
                                                record.position(),
                                                record.key,
                                                side(version, outcome, null),
                                                side(shadow, shadowOutcome, shadowError));
                                versionMetrics.compared(comparison);
                                notes.add(outcome);
                                notes.add(Outcome.comparison(comparison.json()));
                                resultFuture.complete(notes);
                            });
                });
    }

    @Override
    public void timeout(VersionedInput input, ResultFuture<Outcome> resultFuture) {
        resultFuture.completeExceptionally(
                new TimeoutException(
                        "Inference of "
                                + (input.isCommand() ? "a command" : input.record.position())
                                + " by version "
                                + input.version
                                + " of "
                                + repository.name()
                                + " did not finish within the async timeout; the job fails and"
                                + " restarts from its last checkpoint, the record is not lost"));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        ObjectNode entry = JSON.createObjectNode().put("subtask", subtask);
        entry.set("plan", versions.plan().toJson());
        ArrayNode pending = entry.putArray("pending");
        for (ModelCommand command : versions.pendingCommands()) {
            pending.add(command.toString());
        }
        state.update(List.of(entry.toString()));
    }

    @Override
    public void close() {
        if (versions != null) {
            versions.close();
            versions = null;
        }
    }

    /** The serving plan now, for tests. */
    ServingPlan plan() {
        return versions.plan();
    }

    private CompletableFuture<Outcome> submit(int version, SourceRecord record) {
        VersionSwitch.Use<VersionEngine> use = versions.use(version);
        CompletableFuture<Outcome> outcome = use.engine().engine().submit(record);
        outcome.whenComplete((result, error) -> use.release());
        return outcome;
    }

    private void finished(int version, Outcome outcome, long startNanos) {
        metrics.recordDone(outcome);
        versionMetrics.done(
                version, outcome.isDeadLetter(), (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static ShadowComparison.Side side(int version, Outcome outcome, Throwable error) {
        if (error != null) {
            return new ShadowComparison.Side(version, null, "failed: " + error.getMessage());
        }
        if (outcome.isDeadLetter()) {
            return new ShadowComparison.Side(
                    version, null, outcome.deadLetter.code + ": " + outcome.deadLetter.reason);
        }
        return new ShadowComparison.Side(version, outcome.output.value, null);
    }

    private List<Outcome> outcomes(List<ModelEvent> events) {
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (ModelEvent event : events) {
            outcomes.add(event(event));
        }
        return outcomes;
    }

    private Outcome event(ModelEvent event) {
        return Outcome.event(event.toJson(subtask, System.currentTimeMillis()));
    }

    private VersionEngine openVersion(int version, EngineListener listener) {
        VersionFactory factory = new VersionFactory(task, options, repository, version);
        if (sharedEngine) {
            SharedEngines.Lease lease = SharedEngines.acquire(factory, policy);
            lease.listen(listener);
            return new VersionEngine(lease.engine(), lease, lease.device(), lease.cpuFallback());
        }
        BatchTask<SourceRecord, ?, ?, Outcome> opened = factory.open();
        BatchingEngine<SourceRecord, ?, ?, Outcome> engine =
                BatchingAsyncFunction.start(
                        factory.name() + "-" + subtask, opened, policy, listener);
        return new VersionEngine(engine, null, opened.device(), opened.cpuFallback());
    }
}
