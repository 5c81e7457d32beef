package dev.flinfer.generation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.flinfer.session.ModelSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of one call, fed only when the graph declares them, and closed together after the
 * call (closing a tensor over a cache buffer frees the tensor, not the buffer).
 */
final class Feeds implements AutoCloseable {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private final ModelSession session;
    final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    final Map<String, OnnxTensor> pinned = new LinkedHashMap<>();

    Feeds(ModelSession session) {
        this.session = session;
    }

    boolean declares(String name) {
        return session.inputs().containsKey(name);
    }

    /** Feeds int64 {@code values} of {@code shape} as {@code name}, if the graph declares it. */
    void longs(String name, long[] values, long... shape) throws OrtException {
        if (declares(name)) {
            inputs.put(name, OnnxTensor.createTensor(ENV, LongBuffer.wrap(values), shape));
        }
    }

    void bool(String name, boolean value) throws OrtException {
        if (declares(name)) {
            inputs.put(name, OnnxTensor.createTensor(ENV, new boolean[] {value}));
        }
    }

    /** Feeds the declared ones of {@code tensors}, closing the others at once. */
    void inputs(Map<String, OnnxTensor> tensors) {
        tensors.forEach(
                (name, tensor) -> {
                    if (declares(name)) {
                        inputs.put(name, tensor);
                    } else {
                        tensor.close();
                    }
                });
    }

    void input(String name, OnnxTensor tensor) {
        if (declares(name)) {
            inputs.put(name, tensor);
        } else {
            tensor.close();
        }
    }

    /** An empty float tensor {@code [rows, heads, 0, size]}: no past yet. */
    static OnnxTensor empty(long rows, long heads, long size) throws OrtException {
        return OnnxTensor.createTensor(
                ENV, FloatBuffer.allocate(0), new long[] {rows, heads, 0, size});
    }

    @Override
    public void close() {
        inputs.values().forEach(OnnxTensor::close);
        pinned.values().forEach(OnnxTensor::close);
    }
}
