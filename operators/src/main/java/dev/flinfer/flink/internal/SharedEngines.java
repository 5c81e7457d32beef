package dev.flinfer.flink.internal;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.engine.BatchReport;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.engine.BatchingEngine;
import dev.flinfer.engine.EngineListener;
import dev.flinfer.flink.TaskFactory;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.annotation.Internal;
import org.apache.flink.util.InstantiationUtil;

/**
 * Engines shared by the slots of one TaskManager JVM (per class loader: per job when Flinfer is in
 * the job jar, per JVM when it is in Flink's {@code lib/}): one session, one set of inference
 * workers, one batch queue for every subtask whose operator has the same task and policy (compared
 * by their serialized form). Reference-counted: the last subtask to close it closes the engine and
 * its model.
 *
 * <pre>{@code
 * SharedEngines.Lease lease = SharedEngines.acquire(factory, policy);
 * lease.listen(metrics);
 * lease.engine().submit(record);
 * lease.release();
 * }</pre>
 *
 * <p>Each batch is reported to the metrics of every subtask using the engine, so their batch
 * figures describe the shared engine (do not sum them across subtasks).
 */
@Internal
public final class SharedEngines {
    private static final Map<String, Shared> ENGINES = new HashMap<>();

    private SharedEngines() {}

    /** A subtask's hold on a shared engine. */
    @Internal
    public interface Lease {
        BatchingEngine<SourceRecord, ?, ?, Outcome> engine();

        /** Where the shared model runs, and whether {@code auto} fell back to the CPU. */
        String device();

        boolean cpuFallback();

        /** {@code listener} hears the engine's batches until this lease is released. */
        void listen(EngineListener listener);

        /** Gives the engine back; the last release closes it. Idempotent. */
        void release();
    }

    /** The engine for {@code factory} and {@code policy}, opened on first use. */
    public static Lease acquire(TaskFactory factory, BatchPolicy policy) {
        String key = key(factory, policy);
        Shared shared;
        synchronized (ENGINES) {
            shared = ENGINES.get(key);
            if (shared == null) {
                shared = new Shared(key, factory, policy);
                ENGINES.put(key, shared);
            }
            shared.users++;
        }
        return new SharedLease(shared);
    }

    /** Engines open now, for tests and logs. */
    public static int openEngines() {
        synchronized (ENGINES) {
            return ENGINES.size();
        }
    }

    private static void release(Shared shared) {
        synchronized (ENGINES) {
            if (--shared.users > 0) {
                return;
            }
            ENGINES.remove(shared.key);
        }
        shared.engine.close();
    }

    private static String key(TaskFactory factory, BatchPolicy policy) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(InstantiationUtil.serializeObject(factory));
            digest.update(InstantiationUtil.serializeObject(policy));
            return factory.name() + "-" + HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(
                    "Cannot tell whether model " + factory.name() + " may share an engine", e);
        }
    }

    /** One shared engine and who uses it. */
    private static final class Shared implements EngineListener {
        final String key;
        final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
        final BatchingEngine<SourceRecord, ?, ?, Outcome> engine;
        final String device;
        final boolean cpuFallback;
        int users;

        Shared(String key, TaskFactory factory, BatchPolicy policy) {
            this.key = key;
            BatchTask<SourceRecord, ?, ?, Outcome> task = factory.open();
            this.device = task.device();
            this.cpuFallback = task.cpuFallback();
            this.engine =
                    BatchingAsyncFunction.start(factory.name() + "-shared", task, policy, this);
        }

        @Override
        public void onBatch(BatchReport report) {
            for (EngineListener listener : listeners) {
                listener.onBatch(report);
            }
        }
    }

    private static final class SharedLease implements Lease {
        private final Shared shared;
        private EngineListener listener;
        private boolean released;

        SharedLease(Shared shared) {
            this.shared = shared;
        }

        @Override
        public BatchingEngine<SourceRecord, ?, ?, Outcome> engine() {
            return shared.engine;
        }

        @Override
        public String device() {
            return shared.device;
        }

        @Override
        public boolean cpuFallback() {
            return shared.cpuFallback;
        }

        @Override
        public synchronized void listen(EngineListener listener) {
            this.listener = listener;
            shared.listeners.add(listener);
        }

        @Override
        public synchronized void release() {
            if (!released) {
                released = true;
                if (listener != null) {
                    shared.listeners.remove(listener);
                }
                SharedEngines.release(shared);
            }
        }
    }
}
