package dev.flinfer.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * Direct buffers for a model's tensors, reused from batch to batch: ONNX Runtime reads a direct
 * buffer in place, where a heap array would be copied into a fresh native buffer on every run. A
 * buffer grows when a batch needs more and is never shrunk. Not thread-safe: one run uses a set at
 * a time ({@link TensorBufferPool} hands sets to runs that overlap).
 *
 * <pre>{@code
 * TensorBuffers buffers = new TensorBuffers();
 * FloatBuffer pixels = buffers.floats("pixel_values", batch * 3 * 224 * 224);  // position 0, limit n
 * }</pre>
 */
@Internal
public final class TensorBuffers {
    private final Map<String, ByteBuffer> buffers = new HashMap<>();

    /** A buffer of exactly {@code count} longs for {@code name}, contents undefined. */
    public LongBuffer longs(String name, int count) {
        return bytes(name, (long) count * Long.BYTES).asLongBuffer().limit(count);
    }

    /** A buffer of exactly {@code count} floats for {@code name}, contents undefined. */
    public FloatBuffer floats(String name, int count) {
        return bytes(name, (long) count * Float.BYTES).asFloatBuffer().limit(count);
    }

    /** Bytes held, for tests and metrics. */
    public long capacityBytes() {
        long total = 0;
        for (ByteBuffer buffer : buffers.values()) {
            total += buffer.capacity();
        }
        return total;
    }

    private ByteBuffer bytes(String name, long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "tensor " + name + " needs " + size + " bytes, more than one buffer holds");
        }
        ByteBuffer buffer = buffers.get(name);
        if (buffer == null || buffer.capacity() < size) {
            long grown = buffer == null ? size : Math.max(size, 2L * buffer.capacity());
            int capacity = (int) Math.min(Integer.MAX_VALUE, Math.max(size, grown));
            buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
            buffers.put(name, buffer);
        }
        return buffer.clear();
    }
}
