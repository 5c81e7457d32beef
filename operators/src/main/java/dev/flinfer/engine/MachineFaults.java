package dev.flinfer.engine;

import java.util.List;
import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Tells a failure of the machine (GPU, its libraries, memory) from a failure of the record, by the
 * messages ONNX Runtime writes. Those it takes from its sources:
 *
 * <ul>
 *   <li>{@code CudaCall} ({@code core/providers/cuda/cuda_call.cc}) for every CUDA-library call:
 *       {@code "<LIB> failure <N>: <error string> ; GPU=<g> ; hostname=<h> ; file=... ; line=... ;
 *       expr=...; ..."}, where LIB is {@code CUDA}, {@code CUBLAS}, {@code CUDNN}, {@code
 *       CUSPARSE}, {@code CURAND}, {@code CUFFT} or {@code NCCL} (e.g. {@code "CUDA failure 700: an
 *       illegal memory access was encountered ; GPU=0 ..."}, {@code "CUBLAS failure 13:
 *       CUBLAS_STATUS_EXECUTION_FAILED ..."}); the TensorRT provider's own {@code "CUDA error
 *       executing <expr>"};
 *   <li>the library status names themselves ({@code CUDNN_STATUS_*}, {@code CUBLAS_STATUS_*});
 *   <li>the TensorRT provider: {@code "TensorRT EP execution context enqueue failed."}, {@code
 *       "TensorRT EP failed to create engine from network ..."} and TensorRT's own {@code
 *       "IExecutionContext::enqueueV3: Error Code 1: Cuda Runtime ..."};
 *   <li>the memory arena ({@code core/framework/bfc_arena.cc}): {@code "Failed to allocate memory
 *       for requested buffer of size <N>"} and {@code "Available memory of <X> is smaller than
 *       requested bytes of <Y>"}; and Java's {@link OutOfMemoryError}.
 * </ul>
 *
 * <pre>{@code
 * if (MachineFaults.isMachineFault(error)) { fail the job } else { dead-letter the record }
 * }</pre>
 *
 * <p>A message is only one witness: {@link BatchingEngine} also asks the machine by behaviour (a
 * record known to run fails alone too), so an error worded in a way not listed here still fails the
 * job when the device is broken.
 */
@PublicEvolving
public final class MachineFaults {
    /** Lower-case fragments, each found only in messages of the machine's failures. */
    private static final List<String> FRAGMENTS =
            List.of(
                    // CudaCall: "<LIB> failure <N>: ..."
                    "cuda failure ",
                    "cublas failure ",
                    "cudnn failure ",
                    "cusparse failure ",
                    "curand failure ",
                    "cufft failure ",
                    "nccl failure ",
                    "cuda error executing ",
                    // status names, as CudaErrString and cudnnGetErrorString print them
                    "cudnn_status_",
                    "cublas_status_",
                    // TensorRT provider and TensorRT
                    "tensorrt ep execution context enqueue failed",
                    "tensorrt ep failed to create engine",
                    "iexecutioncontext::enqueue",
                    // the arena
                    "failed to allocate memory",
                    "is smaller than requested bytes of",
                    // wordings of earlier versions and of the CUDA runtime itself
                    "cuda error",
                    "cudaerror",
                    "out of memory");

    private MachineFaults() {}

    /** Whether {@code error} or one of its causes is the machine's failure, not the record's. */
    public static boolean isMachineFault(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            if (t.getMessage() != null && isMachineMessage(t.getMessage())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether {@code message} is worded as one of the machine's failures. */
    static boolean isMachineMessage(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        for (String fragment : FRAGMENTS) {
            if (lower.contains(fragment)) {
                return true;
            }
        }
        return false;
    }
}
