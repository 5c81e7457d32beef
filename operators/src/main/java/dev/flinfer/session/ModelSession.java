package dev.flinfer.session;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open ONNX Runtime session of one model bundle on one device. Knows nothing of Flink.
 *
 * <pre>{@code
 * try (ModelSession session = ModelSession.open(bundle, new SessionSettings(Device.AUTO, 2))) {
 *     try (OrtSession.Result result = session.run(inputs)) { ... }
 * }
 * }</pre>
 *
 * <p>Device choice: {@code cpu} opens a CPU session. {@code cuda:N} adds the CUDA provider and
 * fails with a {@link ModelLoadException} when it cannot load (the user asked for a GPU). {@code
 * auto} tries CUDA when an NVIDIA driver is present, and otherwise, or when CUDA fails to load,
 * opens a CPU session, logs a warning and reports the reason in {@link #fallbackReason()}. After a
 * failed CUDA load, later sessions open on CPU (with the reason, logged each time) until a bounded
 * back-off has passed, then one tries CUDA again ({@link CudaAttempts}): a transient failure does
 * not keep the TaskManager on CPU until it restarts. A session stays where it opened. {@link
 * #close()} is idempotent and frees the native session.
 */
@PublicEvolving
public final class ModelSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSession.class);

    private final ModelBundle bundle;
    private final OrtSession session;
    private final String activeDevice;
    private final String fallbackReason;
    private final Map<String, NodeInfo> inputs;
    private final Map<String, NodeInfo> outputs;

    /** Every run's options: {@link #stopRuns()} sets their terminate flag. */
    private final OrtSession.RunOptions runOptions;

    private volatile boolean closed;

    private ModelSession(
            ModelBundle bundle, OrtSession session, String activeDevice, String fallbackReason)
            throws OrtException {
        this.bundle = bundle;
        this.session = session;
        this.activeDevice = activeDevice;
        this.fallbackReason = fallbackReason;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(session.getInputInfo()));
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(session.getOutputInfo()));
        this.runOptions = new OrtSession.RunOptions();
    }

    /** Opens a session of {@code bundle}'s {@code model.onnx} as {@code settings} say. */
    public static ModelSession open(ModelBundle bundle, SessionSettings settings) {
        return open(bundle, settings, CudaAttempts.system());
    }

    /**
     * Opens a session of the graph {@code fileName} of {@code bundle} (a generation bundle's {@code
     * encoder_model.onnx}, {@code decoder_model_merged.onnx}, ...).
     */
    public static ModelSession open(ModelBundle bundle, String fileName, SessionSettings settings) {
        return open(bundle, bundle.requireFile(fileName), settings, CudaAttempts.system());
    }

    /** As {@link #open(ModelBundle, SessionSettings)}, {@code auto} trying CUDA as told. */
    static ModelSession open(ModelBundle bundle, SessionSettings settings, CudaAttempts cuda) {
        return open(bundle, bundle.modelPath(), settings, cuda);
    }

    private static ModelSession open(
            ModelBundle bundle, Path model, SessionSettings settings, CudaAttempts cuda) {
        Device device = settings.device();
        if (device.kind() == Device.Kind.CPU) {
            return openOn(bundle, model, settings, null, null);
        }
        String skip = device.kind() == Device.Kind.AUTO ? cuda.reasonToSkip() : null;
        if (skip != null) {
            LOG.warn("Device auto: {}; {} runs on CPU", skip, bundle.name());
            return openOn(bundle, model, settings, null, skip);
        }
        ModelSession session;
        try {
            session =
                    openOn(
                            bundle,
                            model,
                            settings,
                            device.kind() == Device.Kind.AUTO
                                    ? new Device(Device.Kind.CUDA, 0)
                                    : device,
                            null);
        } catch (ModelLoadException e) {
            if (device.isGpu()) {
                throw e;
            }
            // auto: try the CPU. If the model loads there, CUDA was at fault: back off from it.
            // If it does not, the model is at fault: that error is thrown and CUDA is not blamed.
            String reason = "CUDA could not be loaded: " + rootMessage(e);
            ModelSession cpu = openOn(bundle, model, settings, null, reason);
            cuda.failed(reason);
            LOG.warn("Device auto: {}; falling back to CPU for {}", reason, bundle.name());
            return cpu;
        }
        if (device.kind() == Device.Kind.AUTO) {
            cuda.loaded();
        }
        return session;
    }

    /** Runs the model on {@code feeds}, which must name only inputs the graph declares. */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> feeds) throws OrtException {
        return session.run(feeds, runOptions);
    }

    /** Runs the model and computes only {@code outputNames}. */
    public OrtSession.Result run(
            Map<String, ? extends OnnxTensorLike> feeds, Set<String> outputNames)
            throws OrtException {
        return session.run(feeds, outputNames, runOptions);
    }

    /**
     * Runs the model, computing {@code outputNames} and writing the outputs of {@code pinned} into
     * the caller's pre-allocated tensors tensors (ONNX Runtime's Java API has no IoBinding; pinned
     * outputs are its closest form).
     */
    public OrtSession.Result run(
            Map<String, ? extends OnnxTensorLike> feeds,
            Set<String> outputNames,
            Map<String, ? extends OnnxValue> pinned)
            throws OrtException {
        return session.run(feeds, outputNames, pinned, runOptions);
    }

    /**
     * Makes the runs in progress stop at their next kernel with an {@link OrtException}, and every
     * later run fail at once: for closing while a long batch runs (ONNX Runtime's terminate flag).
     */
    public void stopRuns() {
        try {
            runOptions.setTerminate(true);
        } catch (OrtException e) {
            LOG.warn("Could not stop the runs of {}", bundle.name(), e);
        }
    }

    public OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    public ModelBundle bundle() {
        return bundle;
    }

    /** The inputs the graph declares, in graph order. */
    public Map<String, NodeInfo> inputs() {
        return inputs;
    }

    /** The outputs the graph declares, in graph order. */
    public Map<String, NodeInfo> outputs() {
        return outputs;
    }

    /** {@code cpu} or {@code cuda:N}: where the session actually runs. */
    public String activeDevice() {
        return activeDevice;
    }

    /** Why {@code auto} ended on the CPU, or null when it did not fall back. */
    public String fallbackReason() {
        return fallbackReason;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing the session of {} failed", bundle.name(), e);
        }
        runOptions.close();
    }

    private static ModelSession openOn(
            ModelBundle bundle,
            Path model,
            SessionSettings settings,
            Device gpu,
            String fallbackReason) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = SessionTuning.options(settings)) {
            TensorRtProfiles profiles =
                    gpu != null && gpu.kind() == Device.Kind.TENSORRT
                            ? tensorRtProfiles(model, settings)
                            : null;
            if (gpu != null) {
                try {
                    SessionTuning.addGpuProviders(options, gpu, profiles);
                } catch (OrtException | LinkageError e) {
                    throw new ModelLoadException(
                            "Model file "
                                    + model
                                    + ": the "
                                    + (gpu.kind() == Device.Kind.TENSORRT ? "TensorRT" : "CUDA")
                                    + " provider for "
                                    + gpu
                                    + " cannot be loaded: "
                                    + e.getMessage(),
                            e);
                }
            }
            OrtSession session = environment.createSession(model.toString(), options);
            String device = gpu == null ? "cpu" : gpu.toString();
            try {
                return new ModelSession(bundle, session, device, fallbackReason);
            } catch (OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "Model file " + model + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
    }

    /** The TensorRT profile for the graph's inputs, read from a CPU session of the file. */
    static TensorRtProfiles tensorRtProfiles(Path model, SessionSettings settings)
            throws OrtException {
        if (settings.maxBatchSize() < 1 || settings.maxLength() < 1) {
            return null;
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession graph = readGraph(model, options)) {
            for (Map.Entry<String, NodeInfo> input : graph.getInputInfo().entrySet()) {
                if (input.getValue().getInfo() instanceof TensorInfo tensor) {
                    shapes.put(input.getKey(), tensor.getShape());
                }
            }
        }
        return TensorRtProfiles.of(shapes, settings.maxBatchSize(), settings.maxLength());
    }

    private static OrtSession readGraph(Path model, OrtSession.SessionOptions options)
            throws OrtException {
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
        return OrtEnvironment.getEnvironment().createSession(model.toString(), options);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
