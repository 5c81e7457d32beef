package dev.flinfer.session;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import java.nio.file.Path;

/**
 * The ONNX Runtime session options Flinfer sets, each on purpose.
 *
 * <ul>
 *   <li>All graph optimisations (constant folding, attention / GELU / LayerNorm fusions).
 *   <li>Sequential execution with one inter-op thread: BERT and ViT graphs are chains, and the
 *       engine's preprocessing threads need the other cores.
 *   <li>Intra-op threads as configured: the cores the slot owns, divided among its inference
 *       workers (0 lets ONNX Runtime take one per core for a single worker, which oversubscribes a
 *       machine with several slots; with several workers, 0 divides the cores among them).
 *   <li>Intra-op threads spin briefly between kernels before sleeping (ONNX Runtime's default, set
 *       explicitly): measured on 2 cores with MiniLM at batch 32, spinning ran 7 % faster than not,
 *       alone and beside a thread taking 15 % of a core, as preprocessing does.
 *   <li>The CPU memory arena and memory patterns on: tensors of a shape seen before reuse their
 *       memory instead of being allocated per run.
 *   <li>CUDA: the arena grows by what is requested, not by doubling, so variable batch shapes do
 *       not reserve twice the memory they use.
 *   <li>TensorRT: engines are cached on disk (built once per shape profile, not per start), fp32 so
 *       results match the CPU; an optimisation profile from the largest batch and the longest input
 *       ({@link TensorRtProfiles}), so batches of new lengths do not rebuild engines; CUDA takes
 *       the nodes TensorRT does not.
 * </ul>
 */
final class SessionTuning {
    private SessionTuning() {}

    static OrtSession.SessionOptions options(SessionSettings settings) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setIntraOpNumThreads(settings.resolvedIntraOpThreads());
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "1");
            options.setCPUArenaAllocator(true);
            options.setMemoryPatternOptimization(true);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    /**
     * Adds TensorRT (for {@code tensorrt:N}, with {@code profiles} when not null) and CUDA
     * providers for {@code gpu}.
     */
    static void addGpuProviders(
            OrtSession.SessionOptions options, Device gpu, TensorRtProfiles profiles)
            throws OrtException {
        if (gpu.kind() == Device.Kind.TENSORRT) {
            OrtTensorRTProviderOptions tensorRt = new OrtTensorRTProviderOptions(gpu.index());
            tensorRt.add("trt_engine_cache_enable", "1");
            tensorRt.add(
                    "trt_engine_cache_path",
                    Path.of(System.getProperty("java.io.tmpdir"), "flinfer-tensorrt").toString());
            tensorRt.add("trt_fp16_enable", "0");
            if (profiles != null) {
                tensorRt.add("trt_profile_min_shapes", profiles.min());
                tensorRt.add("trt_profile_opt_shapes", profiles.opt());
                tensorRt.add("trt_profile_max_shapes", profiles.max());
            }
            options.addTensorrt(tensorRt);
        }
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(gpu.index());
        cuda.add("arena_extend_strategy", "kSameAsRequested");
        options.addCUDA(cuda);
    }
}
