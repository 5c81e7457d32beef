package dev.flinfer.generation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of a running batch that take their steps in one decoder call: their caches (the decoder's
 * own, and for an encoder-decoder model the encoder's keys and values and hidden states, with each
 * row's encoder length), and the logits buffer each step writes into. A decoder-only model keeps
 * one cohort (rows of any length, their padding masked); an encoder-decoder export has no mask on
 * its decoder cache, so the rows that started together form a cohort and stay one.
 */
final class Cohort {
    List<Row> rows;
    final KvCache self;
    final KvCache cross;
    final KvCache hidden;
    int[] encoderLengths;
    private FloatBuffer logits;

    Cohort(List<Row> rows, KvCache self, KvCache cross, KvCache hidden, int[] encoderLengths) {
        this.rows = rows;
        this.self = self;
        this.cross = cross;
        this.hidden = hidden;
        this.encoderLengths = encoderLengths;
    }

    /** A buffer for {@code floats} logits, the same one step after step. */
    FloatBuffer logits(int floats) {
        if (logits == null || logits.capacity() < floats) {
            logits =
                    ByteBuffer.allocateDirect(Math.max(floats, 1) * Float.BYTES)
                            .order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
        }
        return logits.duplicate().clear().limit(floats);
    }

    /** Keeps the rows that go on, in their order, with the caches they grew from. */
    void keep(List<Chooser.Next> next) {
        int[] sources = new int[next.size()];
        List<Row> kept = new ArrayList<>(next.size());
        int[] lengths = encoderLengths == null ? null : new int[next.size()];
        for (int i = 0; i < next.size(); i++) {
            sources[i] = next.get(i).source();
            kept.add(next.get(i).row());
            if (lengths != null) {
                lengths[i] = encoderLengths[sources[i]];
            }
        }
        if (!unchanged(sources)) {
            self.select(sources);
            if (cross != null) {
                cross.select(sources);
                hidden.select(sources);
            }
        }
        rows = kept;
        encoderLengths = lengths;
    }

    /** Whether {@code sources} keeps every row where it is: nothing to copy. */
    private boolean unchanged(int[] sources) {
        if (sources.length != rows.size()) {
            return false;
        }
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Takes in the rows of {@code other} (decoder-only: one mask covers every row's padding). */
    void append(Cohort other) {
        self.append(other.self);
        List<Row> all = new ArrayList<>(rows);
        all.addAll(other.rows);
        rows = all;
    }
}
