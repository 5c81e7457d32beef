package dev.flinfer.models.tfjs;

/**
 * Keras / TensorFlow padding along one spatial axis. {@code valid}: no padding, the windows that
 * fit. {@code same}: {@code ceil(in / stride)} outputs, the padding that needs split with the extra
 * one at the end (TensorFlow's SAME, ONNX's SAME_UPPER), written as explicit pads.
 */
record Padding(int begin, int end, int output) {

    static Padding of(KerasLayer layer, String mode, int in, int kernel, int stride, int dilation) {
        int effective = (kernel - 1) * dilation + 1;
        switch (mode) {
            case "valid" -> {
                if (in < effective) {
                    throw new IllegalArgumentException(
                            "Layer "
                                    + layer.name()
                                    + ": input size "
                                    + in
                                    + " is smaller than its window "
                                    + effective);
                }
                return new Padding(0, 0, (in - effective) / stride + 1);
            }
            case "same" -> {
                int out = (in + stride - 1) / stride;
                int total = Math.max((out - 1) * stride + effective - in, 0);
                return new Padding(total / 2, total - total / 2, out);
            }
            default -> throw layer.unsupported("padding '" + mode + "'");
        }
    }
}
