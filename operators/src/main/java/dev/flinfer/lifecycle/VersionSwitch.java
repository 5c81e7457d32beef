package dev.flinfer.lifecycle;

import dev.flinfer.lifecycle.ModelCommand.Action;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.annotation.PublicEvolving;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask's model versions: the {@link ServingPlan} it follows, the versions loaded beside each
 * other, the loads in progress. A command that needs a version not loaded yet starts loading it on
 * a loader thread (its start-up checks and warm-up included) while the versions loaded go on
 * serving; {@link #boundary()}, called between records, switches to it once it is ready, so that a
 * record runs on one version from start to end. A version that fails to load is refused: the plan
 * stays as it was and a {@code model-rejected} event says why. A version nothing routes to any more
 * is closed once its last record is done.
 *
 * <pre>{@code
 * VersionSwitch<Engine> versions = new VersionSwitch<>("classifier", plan, opener, "subtask-0");
 * versions.start(List.of());
 * events.addAll(versions.command(ModelCommand.parse(bytes)));
 * events.addAll(versions.boundary());
 * VersionSwitch.Use<Engine> use = versions.use(versions.plan().route(key, position));
 * ... use.engine() ...; use.release();
 * }</pre>
 *
 * <p>Not thread-safe except {@link Use#release()}: call it from one thread (the task thread).
 *
 * @param <E> a loaded version (an engine over its model)
 */
@PublicEvolving
public final class VersionSwitch<E> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VersionSwitch.class);

    /** How versions open and close. */
    @PublicEvolving
    public interface Versions<E> {
        /** Opens, checks and warms up {@code version}; throws when it cannot serve. */
        E open(int version) throws Exception;

        void close(E engine);
    }

    /** A record's hold on the version that runs it; {@link #release()} once it is done. */
    @PublicEvolving
    public static final class Use<E> {
        private final Slot<E> slot;
        private final int version;
        private boolean released;

        private Use(Slot<E> slot, int version) {
            this.slot = slot;
            this.version = version;
        }

        public E engine() {
            return slot.engine;
        }

        public int version() {
            return version;
        }

        /** Thread-safe, idempotent. */
        public synchronized void release() {
            if (!released) {
                released = true;
                slot.inFlight.decrementAndGet();
            }
        }
    }

    private enum Role {
        SERVE,
        CANARY,
        SHADOW
    }

    private record Pending(ModelCommand command, int version) {}

    private static final class Slot<E> {
        final E engine;
        final AtomicInteger inFlight = new AtomicInteger();

        Slot(E engine) {
            this.engine = engine;
        }
    }

    private final String model;
    private final Versions<E> versions;
    private final ExecutorService loader;
    private ServingPlan plan;
    private final Map<Integer, Slot<E>> loaded = new TreeMap<>();
    private final Map<Integer, CompletableFuture<E>> loading = new HashMap<>();
    private final Map<Role, Pending> pending = new EnumMap<>(Role.class);
    private boolean closed;

    /**
     * @param model the model's name, which commands must give
     * @param plan what serves at start (or after a restore)
     * @param versions how a version opens and closes
     * @param threadName the loader thread's name
     */
    public VersionSwitch(String model, ServingPlan plan, Versions<E> versions, String threadName) {
        this.model = model;
        this.plan = plan;
        this.versions = versions;
        this.loader =
                Executors.newSingleThreadExecutor(
                        task -> {
                            Thread thread = new Thread(task, threadName);
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /**
     * Opens the plan's versions now (a failure to open the serving one is thrown: the job cannot
     * start), then carries on with {@code pendingCommands} (loads a checkpoint had in progress).
     * Returns the events: a canary or shadow version that no longer opens is refused.
     */
    public List<ModelEvent> start(List<ModelCommand> pendingCommands) {
        loaded.put(plan.serving(), new Slot<>(openOrThrow(plan.serving())));
        List<ModelEvent> events = new ArrayList<>();
        for (int version : plan.versions()) {
            if (loaded.containsKey(version)) {
                continue;
            }
            try {
                loaded.put(version, new Slot<>(versions.open(version)));
            } catch (Exception e) {
                plan = plan.withRefused(version);
                plan = version == plan.canary() ? plan.withCanary(0, 0) : plan;
                plan = version == plan.shadow() ? plan.withShadow(0) : plan;
                events.add(refused(version, e));
            }
        }
        for (ModelCommand command : pendingCommands) {
            events.addAll(command(command));
        }
        return events;
    }

    public ServingPlan plan() {
        return plan;
    }

    /** The commands whose versions are still loading, for a checkpoint. */
    public List<ModelCommand> pendingCommands() {
        List<ModelCommand> commands = new ArrayList<>();
        pending.values().forEach(waiting -> commands.add(waiting.command()));
        return commands;
    }

    /** Version {@code version} if it is loaded, else null; no hold is taken. */
    public E loaded(int version) {
        Slot<E> slot = loaded.get(version);
        return slot == null ? null : slot.engine;
    }

    /** The versions loaded now, for metrics and tests. */
    public Set<Integer> loadedVersions() {
        return Set.copyOf(loaded.keySet());
    }

    /** Takes a command; returns what it did at once (a refusal, a load started). */
    public List<ModelEvent> command(ModelCommand command) {
        String text = command.toString();
        if (!model.equals(command.model())) {
            return List.of(
                    new ModelEvent(
                            ModelEvent.COMMAND_REJECTED,
                            command.model(),
                            command.version(),
                            "unknown model '"
                                    + command.model()
                                    + "': this job serves '"
                                    + model
                                    + "'",
                            text));
        }
        int version = command.version();
        return switch (command.action()) {
            case SERVE -> {
                if (version == plan.serving() && !pending.containsKey(Role.SERVE)) {
                    plan = plan.withServing(version, false);
                    yield List.of(ignored(command, "version " + version + " serves already"));
                }
                yield begin(Role.SERVE, command, version);
            }
            case SERVE_LATEST -> {
                plan = plan.withServing(plan.serving(), true);
                yield List.of();
            }
            case NEWEST -> {
                Pending serve = pending.get(Role.SERVE);
                if (!plan.followsLatest()
                        || version <= plan.serving()
                        || plan.refused(version)
                        || (serve != null && serve.version() == version)) {
                    yield List.of();
                }
                yield begin(Role.SERVE, command, version);
            }
            case ROLLBACK -> {
                if (plan.previous() == 0) {
                    yield List.of(refusedCommand(command, "no version served before this one"));
                }
                yield begin(Role.SERVE, command, plan.previous());
            }
            case CANARY -> roleCommand(Role.CANARY, command, plan.canary());
            case SHADOW -> roleCommand(Role.SHADOW, command, plan.shadow());
        };
    }

    /**
     * Between records: switches to the versions whose loads have finished, refuses those that
     * failed, closes the versions nothing uses any more. Returns what happened.
     */
    public List<ModelEvent> boundary() {
        List<ModelEvent> events = new ArrayList<>();
        Set<Integer> failed = new HashSet<>();
        for (Iterator<Map.Entry<Integer, CompletableFuture<E>>> it = loading.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<Integer, CompletableFuture<E>> load = it.next();
            if (!load.getValue().isDone()) {
                continue;
            }
            it.remove();
            try {
                loaded.put(load.getKey(), new Slot<>(load.getValue().get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(load.getKey());
            } catch (ExecutionException e) {
                failed.add(load.getKey());
                plan = plan.withRefused(load.getKey());
                events.add(refused(load.getKey(), e.getCause()));
            }
        }
        for (Role role : Role.values()) {
            Pending waiting = pending.get(role);
            if (waiting == null) {
                continue;
            }
            if (loaded.containsKey(waiting.version())) {
                pending.remove(role);
                events.addAll(apply(role, waiting));
            } else if (failed.contains(waiting.version())) {
                pending.remove(role);
            }
        }
        events.addAll(retire());
        return events;
    }

    /**
     * The version {@code version} for one record, opened now if it is not loaded (a record replayed
     * after a restore whose version no longer serves: it runs on the version it had).
     */
    public Use<E> use(int version) {
        Slot<E> slot = loaded.get(version);
        if (slot == null) {
            CompletableFuture<E> load = loading.remove(version);
            E engine;
            if (load != null) {
                try {
                    engine = load.join();
                } catch (CompletionException e) {
                    throw new IllegalStateException(
                            "Version " + version + " of " + model + " cannot be opened", e);
                }
            } else {
                engine = openOrThrow(version);
            }
            slot = new Slot<>(engine);
            loaded.put(version, slot);
        }
        slot.inFlight.incrementAndGet();
        return new Use<>(slot, version);
    }

    /** Closes every version, now and once the loads in progress finish. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (CompletableFuture<E> load : loading.values()) {
            load.thenAccept(versions::close);
        }
        loading.clear();
        for (Slot<E> slot : loaded.values()) {
            versions.close(slot.engine);
        }
        loaded.clear();
        loader.shutdown();
    }

    private List<ModelEvent> roleCommand(Role role, ModelCommand command, int current) {
        int version = command.version();
        if (command.ends()) {
            Pending dropped = pending.remove(role);
            if (current == 0) {
                return dropped != null
                        ? List.of()
                        : List.of(ignored(command, "no " + role.name().toLowerCase() + " runs"));
            }
            plan = role == Role.CANARY ? plan.withCanary(0, 0) : plan.withShadow(0);
            return List.of(
                    new ModelEvent(
                            role == Role.CANARY ? ModelEvent.CANARY_ENDED : ModelEvent.SHADOW_ENDED,
                            model,
                            current,
                            null,
                            command.toString()));
        }
        if (version == plan.serving()) {
            return List.of(refusedCommand(command, "version " + version + " serves already"));
        }
        if (role == Role.SHADOW && version == current) {
            return List.of(ignored(command, "version " + version + " shadows already"));
        }
        return begin(role, command, version);
    }

    private List<ModelEvent> begin(Role role, ModelCommand command, int version) {
        pending.put(role, new Pending(command, version));
        if (loaded.containsKey(version)) {
            pending.remove(role);
            return apply(role, new Pending(command, version));
        }
        if (!loading.containsKey(version)) {
            loading.put(version, CompletableFuture.supplyAsync(() -> openOrThrow(version), loader));
        }
        LOG.info("Loading version {} of {} beside the serving one ({})", version, model, command);
        return List.of(
                new ModelEvent(ModelEvent.LOADING, model, version, null, command.toString()));
    }

    private List<ModelEvent> apply(Role role, Pending ready) {
        ModelCommand command = ready.command();
        int version = ready.version();
        String text = command.toString();
        List<ModelEvent> events = new ArrayList<>();
        switch (role) {
            case SERVE -> {
                int canary = plan.canary();
                if (command.action() == Action.ROLLBACK) {
                    if (plan.previous() != version) {
                        return List.of(refusedCommand(command, "the version before changed"));
                    }
                    plan = plan.rolledBack();
                } else {
                    plan = plan.withServing(version, command.action() == Action.NEWEST);
                }
                String reason =
                        command.action() == Action.ROLLBACK
                                ? "rolled back"
                                : canary == version ? "canary promoted" : null;
                events.add(new ModelEvent(ModelEvent.SERVED, model, version, reason, text));
            }
            case CANARY -> {
                plan = plan.withCanary(version, command.percent());
                events.add(
                        new ModelEvent(
                                ModelEvent.CANARY_STARTED,
                                model,
                                version,
                                command.percent() + "% of keys",
                                text));
            }
            case SHADOW -> {
                plan = plan.withShadow(version);
                events.add(new ModelEvent(ModelEvent.SHADOW_STARTED, model, version, null, text));
            }
        }
        LOG.info("{} now serves {} ({})", model, plan, text);
        return events;
    }

    private List<ModelEvent> retire() {
        List<ModelEvent> events = new ArrayList<>();
        Set<Integer> needed = new HashSet<>(plan.versions());
        pending.values().forEach(waiting -> needed.add(waiting.version()));
        for (Iterator<Map.Entry<Integer, Slot<E>>> it = loaded.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<Integer, Slot<E>> entry = it.next();
            if (needed.contains(entry.getKey()) || entry.getValue().inFlight.get() > 0) {
                continue;
            }
            it.remove();
            E engine = entry.getValue().engine;
            loader.execute(() -> versions.close(engine));
            events.add(new ModelEvent(ModelEvent.RETIRED, model, entry.getKey(), null, null));
        }
        return events;
    }

    private E openOrThrow(int version) {
        long start = System.nanoTime();
        try {
            E opened = versions.open(version);
            LOG.info(
                    "Version {} of {} loaded, checked and warmed up in {} ms",
                    version,
                    model,
                    (System.nanoTime() - start) / 1_000_000);
            return opened;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Version " + version + " of " + model + " cannot be opened: " + e.getMessage(),
                    e);
        }
    }

    private ModelEvent refused(int version, Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        LOG.warn(
                "Version {} of {} is refused, the serving version goes on: {}",
                version,
                model,
                reason,
                cause);
        return new ModelEvent(ModelEvent.REJECTED, model, version, reason, null);
    }

    private ModelEvent ignored(ModelCommand command, String reason) {
        return new ModelEvent(
                ModelEvent.COMMAND_IGNORED, model, command.version(), reason, command.toString());
    }

    private ModelEvent refusedCommand(ModelCommand command, String reason) {
        LOG.warn("Command for {} refused: {} ({})", model, reason, command);
        return new ModelEvent(
                ModelEvent.COMMAND_REJECTED, model, command.version(), reason, command.toString());
    }
}
