package dev.flinfer.generation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * Cached tensors of the rows of a running batch, each {@code [rows, heads, length, size]} in direct
 * buffers that are reused: a step's present tensors are written by ONNX Runtime into the spare
 * buffers, which then become the current ones, so no step allocates. A row's valid entries are its
 * last {@link #valid} positions (rows are left-padded, the padding masked by the caller).
 *
 * <pre>{@code
 * feeds.putAll(cache.current(env, "past_key_values.%s"));
 * pinned.putAll(cache.next(env, "present.%s", 1));
 * session.run(feeds, names, pinned);
 * cache.advance(1);
 * }</pre>
 */
@Internal
public final class KvCache {
    private final List<String> names;
    private final int heads;
    private final int size;
    private FloatBuffer[] current;
    private FloatBuffer[] spare;
    private int rows;
    private int length;
    private int[] valid = new int[0];

    /** An empty cache of tensors called {@code names} (e.g. {@code 0.key, 0.value, ...}). */
    public KvCache(List<String> names, int heads, int size) {
        this.names = List.copyOf(names);
        this.heads = heads;
        this.size = size;
        this.current = new FloatBuffer[names.size()];
        this.spare = new FloatBuffer[names.size()];
    }

    /**
     * Takes dense tensors {@code [rows, heads, length, size]} (a first call's presents), whose row
     * {@code r} holds {@code valid[r]} entries at its end.
     */
    public void fill(Map<String, FloatBuffer> tensors, int rows, int length, int[] valid) {
        this.rows = rows;
        this.length = length;
        this.valid = valid.clone();
        int floats = rows * heads * length * size;
        for (int t = 0; t < names.size(); t++) {
            FloatBuffer source = tensors.get(names.get(t));
            current[t] = ensure(current[t], floats);
            current[t].clear();
            current[t].put(source.duplicate().rewind().limit(floats)).flip();
        }
    }

    /**
     * Starts {@code rows} empty rows, for a first call whose presents {@link #next} pins and {@link
     * #advance(int, int[])} takes in.
     */
    public void begin(int rows) {
        this.rows = rows;
        this.length = 0;
        this.valid = new int[rows];
    }

    public int rows() {
        return rows;
    }

    public int length() {
        return length;
    }

    /** Valid entries of all rows. */
    public long validTotal() {
        long total = 0;
        for (int r = 0; r < rows; r++) {
            total += valid[r];
        }
        return total;
    }

    /** Valid entries of row {@code row}. */
    public int valid(int row) {
        return valid[row];
    }

    /** The current tensors, named by {@code pattern} with each name (the past inputs). */
    public Map<String, OnnxTensor> current(OrtEnvironment env, String pattern) throws OrtException {
        return tensors(env, pattern, current, length);
    }

    /**
     * The one current tensor of a cache without heads ({@code heads} 1) as {@code [rows, length,
     * size]}: an encoder's hidden states.
     */
    public OnnxTensor currentWithoutHeads(OrtEnvironment env) throws OrtException {
        int floats = rows * length * size;
        current[0] = ensure(current[0], floats);
        FloatBuffer view = current[0].duplicate().clear().limit(floats);
        return OnnxTensor.createTensor(env, view, new long[] {rows, length, size});
    }

    /**
     * Tensors over the spare buffers for {@code added} more positions (pinned present outputs);
     * {@link #advance} makes them current.
     */
    public Map<String, OnnxTensor> next(OrtEnvironment env, String pattern, int added)
            throws OrtException {
        int floats = rows * heads * (length + added) * size;
        for (int t = 0; t < names.size(); t++) {
            spare[t] = ensure(spare[t], floats);
        }
        return tensors(env, pattern, spare, length + added);
    }

    /**
     * After a first call wrote {@link #next}: its tensors are the cache, {@code added} long, row
     * {@code r} holding {@code valid[r]} entries at its end (the others are its padding).
     */
    public void advance(int added, int[] valid) {
        advance(added);
        this.valid = valid.clone();
    }

    /**
     * After a run wrote {@link #next}: its tensors are the cache, every row {@code added} longer.
     */
    public void advance(int added) {
        swap();
        length += added;
        for (int r = 0; r < rows; r++) {
            valid[r] += added;
        }
    }

    /**
     * Keeps rows {@code keep} in that order (a row may appear twice: beams that share a past),
     * trimming padding no row needs any more.
     */
    public void select(int[] keep) {
        int newLength = 0;
        for (int row : keep) {
            newLength = Math.max(newLength, valid[row]);
        }
        if (newLength > length / 2 && increasing(keep)) {
            compact(keep);
            return;
        }
        int[] newValid = new int[keep.length];
        for (int t = 0; t < names.size(); t++) {
            spare[t] = ensure(spare[t], keep.length * heads * newLength * size);
            for (int i = 0; i < keep.length; i++) {
                copyRow(current[t], keep[i], length, spare[t], i, newLength, valid[keep[i]]);
            }
            spare[t].limit(keep.length * heads * newLength * size);
        }
        for (int i = 0; i < keep.length; i++) {
            newValid[i] = valid[keep[i]];
        }
        swap();
        rows = keep.length;
        length = newLength;
        valid = newValid;
    }

    /**
     * Keeps rows {@code keep} (in increasing order) where they are, moving each down over the rows
     * that leave: no padding is trimmed, so nothing else moves.
     */
    private void compact(int[] keep) {
        int rowSize = heads * length * size;
        for (int t = 0; t < names.size(); t++) {
            for (int i = 0; i < keep.length; i++) {
                if (keep[i] != i) {
                    current[t].put(i * rowSize, current[t], keep[i] * rowSize, rowSize);
                }
            }
            current[t].limit(keep.length * rowSize);
        }
        int[] newValid = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            newValid[i] = valid[keep[i]];
        }
        rows = keep.length;
        valid = newValid;
    }

    private static boolean increasing(int[] rows) {
        for (int i = 1; i < rows.length; i++) {
            if (rows[i] <= rows[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Appends the rows of {@code other} (same tensors), padding the shorter rows on the left. */
    public void append(KvCache other) {
        if (other.length <= length) {
            appendInPlace(other);
            return;
        }
        int newRows = rows + other.rows;
        int newLength = Math.max(length, other.length);
        for (int t = 0; t < names.size(); t++) {
            spare[t] = ensure(spare[t], newRows * heads * newLength * size);
            for (int r = 0; r < rows; r++) {
                copyRow(current[t], r, length, spare[t], r, newLength, valid[r]);
            }
            for (int r = 0; r < other.rows; r++) {
                copyRow(
                        other.current[t],
                        r,
                        other.length,
                        spare[t],
                        rows + r,
                        newLength,
                        other.valid[r]);
            }
            spare[t].limit(newRows * heads * newLength * size);
        }
        int[] newValid = Arrays.copyOf(valid, newRows);
        System.arraycopy(other.valid, 0, newValid, rows, other.rows);
        swap();
        rows = newRows;
        length = newLength;
        valid = newValid;
    }

    /** The rows of {@code other}, no longer than these, written after them: these stay put. */
    private void appendInPlace(KvCache other) {
        int newRows = rows + other.rows;
        int floats = newRows * heads * length * size;
        for (int t = 0; t < names.size(); t++) {
            if (current[t] == null || current[t].capacity() < floats) {
                FloatBuffer grown = ensure(null, Math.max(floats, capacityOf(current[t]) * 3 / 2));
                grown.put(0, current[t], 0, rows * heads * length * size);
                current[t] = grown;
            }
            current[t].limit(current[t].capacity());
            for (int r = 0; r < other.rows; r++) {
                copyRow(
                        other.current[t],
                        r,
                        other.length,
                        current[t],
                        rows + r,
                        length,
                        other.valid[r]);
            }
            current[t].limit(floats);
        }
        int[] newValid = Arrays.copyOf(valid, newRows);
        System.arraycopy(other.valid, 0, newValid, rows, other.rows);
        rows = newRows;
        valid = newValid;
    }

    private static int capacityOf(FloatBuffer buffer) {
        return buffer == null ? 0 : buffer.capacity();
    }

    /**
     * Copies the last {@code valid} positions of each head of row {@code from} (of a tensor whose
     * rows are {@code fromLength} long) to the end of row {@code to} (rows {@code toLength} long),
     * zeroing the padding before them.
     */
    private void copyRow(
            FloatBuffer source,
            int from,
            int fromLength,
            FloatBuffer target,
            int to,
            int toLength,
            int valid) {
        for (int h = 0; h < heads; h++) {
            int sourceStart = ((from * heads + h) * fromLength + fromLength - valid) * size;
            int targetRow = (to * heads + h) * toLength * size;
            int pad = (toLength - valid) * size;
            for (int i = 0; i < pad; i++) {
                target.put(targetRow + i, 0f);
            }
            target.put(targetRow + pad, source, sourceStart, valid * size);
        }
    }

    private Map<String, OnnxTensor> tensors(
            OrtEnvironment env, String pattern, FloatBuffer[] buffers, int positions)
            throws OrtException {
        long[] shape = {rows, heads, positions, size};
        int floats = rows * heads * positions * size;
        Map<String, OnnxTensor> tensors = new java.util.LinkedHashMap<>();
        try {
            for (int t = 0; t < names.size(); t++) {
                buffers[t] = ensure(buffers[t], floats);
                FloatBuffer view = buffers[t].duplicate().clear().limit(floats);
                tensors.put(
                        String.format(pattern, names.get(t)),
                        OnnxTensor.createTensor(env, view, shape));
            }
        } catch (OrtException | RuntimeException e) {
            tensors.values().forEach(OnnxTensor::close);
            throw e;
        }
        return tensors;
    }

    private void swap() {
        FloatBuffer[] was = current;
        current = spare;
        spare = was;
    }

    /**
     * {@code buffer} when it holds {@code floats}, else a larger direct buffer (half as much
     * again).
     */
    private static FloatBuffer ensure(FloatBuffer buffer, int floats) {
        if (buffer != null && buffer.capacity() >= floats) {
            buffer.limit(buffer.capacity());
            return buffer;
        }
        int capacity = Math.max(floats, buffer == null ? floats : buffer.capacity() * 3 / 2);
        return ByteBuffer.allocateDirect(Math.max(capacity, 1) * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }
}
