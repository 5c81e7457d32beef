package dev.flinfer.models.tfjs;

/**
 * A tensor of the converted graph: its ONNX name and its Keras shape without the batch dimension
 * ({@code [H, W, C]} for images, {@code [units]} for vectors). Image tensors are laid out NCHW in
 * the ONNX graph, whatever Keras's channels-last shape says.
 */
record Value(String name, int[] shape) {
    int rank() {
        return shape.length;
    }

    int channels() {
        return shape[shape.length - 1];
    }
}
