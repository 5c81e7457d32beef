package dev.flinfer.session;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.annotation.Internal;

/**
 * {@link TensorBuffers} for a model that runs several batches at once (one per inference worker): a
 * run takes a set, fills its tensors, and gives it back when ONNX Runtime is done with them. There
 * are never more sets than runs that overlapped; each grows to its largest batch.
 *
 * <pre>{@code
 * TensorBuffers buffers = pool.take();
 * try {
 *     FloatBuffer pixels = buffers.floats("pixel_values", batch * 3 * 224 * 224);
 *     // ... run the session on tensors over these buffers ...
 * } finally {
 *     pool.give(buffers);
 * }
 * }</pre>
 */
@Internal
public final class TensorBufferPool {
    private final Queue<TensorBuffers> idle = new ConcurrentLinkedQueue<>();

    /** An idle set, or a new one when all are in use. */
    public TensorBuffers take() {
        TensorBuffers buffers = idle.poll();
        return buffers != null ? buffers : new TensorBuffers();
    }

    /** Returns {@code buffers} once no tensor over them is in use. */
    public void give(TensorBuffers buffers) {
        idle.offer(buffers);
    }
}
