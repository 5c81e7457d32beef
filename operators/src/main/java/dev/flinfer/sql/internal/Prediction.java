package dev.flinfer.sql.internal;

import dev.flinfer.record.BadRecordException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

/**
 * The result of one row: its output row (the model's OUTPUT columns), and the problem when the row
 * was bad (then the output row holds NULLs and the reason in the error column).
 */
@Internal
public record Prediction(RowData row, BadRecordException error) {

    public boolean failed() {
        return error != null;
    }
}
