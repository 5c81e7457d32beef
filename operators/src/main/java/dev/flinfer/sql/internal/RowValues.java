package dev.flinfer.sql.internal;

import dev.flinfer.tasks.TaskDescriptor;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

/** Reads the model input (the one DESCRIPTOR column) out of a features row, on the task thread. */
@Internal
final class RowValues {
    private RowValues() {}

    /**
     * The text ({@code String}) or image ({@code byte[]}, copied: the row may be reused) of {@code
     * features}, or null.
     */
    static Object read(RowData features, TaskDescriptor.Reads input) {
        if (features.isNullAt(0)) {
            return null;
        }
        return input == TaskDescriptor.Reads.TEXT
                ? features.getString(0).toString()
                : features.getBinary(0).clone();
    }
}
