package dev.flinfer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import org.junit.jupiter.api.Test;

/**
 * Messages worded as ONNX Runtime 1.x writes them (formats from its sources: {@code
 * core/providers/cuda/cuda_call.cc}, {@code core/framework/bfc_arena.cc}, the TensorRT provider,
 * and the executor's "Non-zero status code" wrapper), as the Java API reports them.
 */
class MachineFaultsTest {
    private static final String RUN = "Non-zero status code returned while running ";

    static final String CUDA_ILLEGAL_ADDRESS =
            RUN
                    + "MatMul node. Name:'/encoder/layer.0/attention/self/query/MatMul' Status"
                    + " Message: CUDA failure 700: an illegal memory access was encountered ;"
                    + " GPU=0 ; hostname=tm-1 ; file=/onnxruntime_src/onnxruntime/core/providers/"
                    + "cuda/cuda_execution_provider.cc ; line=446 ;"
                    + " expr=cudaStreamSynchronize(static_cast<cudaStream_t>(stream_)); ";

    private static OrtException ort(String message) {
        return new OrtException(OrtException.OrtErrorCode.ORT_RUNTIME_EXCEPTION, message);
    }

    @Test
    void aCudaFailureIsTheMachines() {
        assertThat(MachineFaults.isMachineFault(ort(CUDA_ILLEGAL_ADDRESS))).isTrue();
    }

    @Test
    void cudaOutOfMemoryFromCudaMallocIsTheMachines() {
        assertThat(
                        MachineFaults.isMachineFault(
                                ort(
                                        "CUDA failure 2: out of memory ; GPU=0 ; hostname=tm-1 ;"
                                                + " file=cuda_allocator.cc ; line=47 ;"
                                                + " expr=cudaMalloc((void**)&p, size); ")))
                .isTrue();
    }

    @Test
    void aCublasFailureIsTheMachines() {
        assertThat(
                        MachineFaults.isMachineFault(
                                ort(
                                        RUN
                                                + "Gemm node. Name:'/classifier/Gemm' Status"
                                                + " Message: CUBLAS failure 13:"
                                                + " CUBLAS_STATUS_EXECUTION_FAILED ; GPU=0 ;"
                                                + " hostname=tm-1 ; file=gemm.cc ; line=158 ;"
                                                + " expr=cublasGemmHelper(...); ")))
                .isTrue();
    }

    @Test
    void aCudnnFailureIsTheMachines() {
        assertThat(
                        MachineFaults.isMachineFault(
                                ort(
                                        RUN
                                                + "Conv node. Name:'/embeddings/patch/Conv' Status"
                                                + " Message: CUDNN failure 5000:"
                                                + " CUDNN_STATUS_EXECUTION_FAILED ; GPU=0 ;"
                                                + " hostname=tm-1 ; file=conv.cc ; line=455 ;"
                                                + " expr=cudnnConvolutionForward(...); ")))
                .isTrue();
    }

    @Test
    void theArenasOutOfMemoryMessagesAreTheMachines() {
        assertThat(
                        MachineFaults.isMachineFault(
                                ort(
                                        "onnxruntime::BFCArena::AllocateRawInternal Failed to"
                                                + " allocate memory for requested buffer of size"
                                                + " 4294967296")))
                .isTrue();
        assertThat(
                        MachineFaults.isMachineFault(
                                ort(
                                        "BFCArena::AllocateRawInternal Available memory of"
                                                + " 536870912 is smaller than requested bytes of"
                                                + " 1073741824")))
                .isTrue();
    }

    @Test
    void tensorRtRunFailuresAreTheMachines() {
        assertThat(
                        MachineFaults.isMachineFault(
                                ort(
                                        RUN
                                                + "TRTKernel_graph_main_0 node."
                                                + " Name:'TensorrtExecutionProvider_TRTKernel_graph"
                                                + "_main_0_0' Status Message: TensorRT EP"
                                                + " execution context enqueue failed.")))
                .isTrue();
        assertThat(
                        MachineFaults.isMachineFault(
                                ort(
                                        "TensorRT EP failed to create engine from network for"
                                                + " fused node: TensorrtExecutionProvider_TRTKernel"
                                                + "_graph_main_0_0")))
                .isTrue();
    }

    @Test
    void javaOutOfMemoryAnywhereInTheCausesIsTheMachines() {
        assertThat(
                        MachineFaults.isMachineFault(
                                new IllegalStateException(
                                        "batch failed", new OutOfMemoryError("Java heap space"))))
                .isTrue();
    }

    @Test
    void anIndexOutOfTheVocabularyIsTheRecords() {
        assertThat(
                        MachineFaults.isMachineFault(
                                ort(
                                        RUN
                                                + "Gather node."
                                                + " Name:'/embeddings/word_embeddings/Gather'"
                                                + " Status Message: indices element out of data"
                                                + " bounds, idx=40000 must be within the"
                                                + " inclusive range [-30522,30521]")))
                .isFalse();
    }

    @Test
    void aShapeTheModelDoesNotTakeIsTheRecords() {
        assertThat(
                        MachineFaults.isMachineFault(
                                ort(
                                        "Got invalid dimensions for input: pixel_values for the"
                                                + " following indices\\n index: 2 Got: 300"
                                                + " Expected: 224\\n Please fix either the"
                                                + " inputs/outputs or the model.")))
                .isFalse();
    }
}
