package dev.flinfer.sql.internal;

import static dev.flinfer.sql.internal.ModelSpecs.fail;

import dev.flinfer.sql.OnnxModelOptions;
import dev.flinfer.sql.internal.OutputLayout.Kind;
import dev.flinfer.tasks.TaskDescriptor.Reads;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/** Checks the INPUT and OUTPUT schemas of an onnx model against its task and model. */
@Internal
final class Schemas {
    private static final String EMBEDDING_OUTPUTS =
            "task 'embedding' outputs one ARRAY<FLOAT> (or ARRAY<DOUBLE>) column";
    private static final String CLASSIFICATION_OUTPUTS =
            "task 'classification' outputs a STRING column (the best label), a FLOAT or DOUBLE"
                    + " column (its score) and/or an ARRAY<ROW<label STRING, score FLOAT>> column"
                    + " (the top-k labels)";
    private static final String GENERATION_OUTPUTS =
            "task 'generation' outputs one STRING column (the generated text)";

    private Schemas() {}

    /** The input is one STRING column for a text model, one BYTES column for an image model. */
    static void checkInput(String name, Reads input, ResolvedSchema schema) {
        List<Column> columns = schema.getColumns();
        String wanted =
                input == Reads.TEXT
                        ? "one STRING column (the model is a text model)"
                        : "one BYTES column with the encoded image (the model is an image model)";
        if (columns.size() != 1) {
            throw fail(name, "INPUT must be " + wanted + ", got " + describe(columns));
        }
        LogicalType type = columns.get(0).getDataType().getLogicalType();
        LogicalTypeFamily family =
                input == Reads.TEXT
                        ? LogicalTypeFamily.CHARACTER_STRING
                        : LogicalTypeFamily.BINARY_STRING;
        if (!type.is(family)) {
            throw fail(name, "INPUT must be " + wanted + ", got " + describe(columns));
        }
    }

    /** Which result goes into which output column. */
    static OutputLayout outputLayout(
            String name, String task, ResolvedSchema schema, ReadableConfig options) {
        String errorColumn = options.get(OnnxModelOptions.ERROR_COLUMN);
        boolean nullOnError =
                options.get(OnnxModelOptions.ON_ERROR) == OnnxModelOptions.OnError.NULL;
        String expected =
                switch (task) {
                    case "embedding" -> EMBEDDING_OUTPUTS;
                    case "generation" -> GENERATION_OUTPUTS;
                    default -> CLASSIFICATION_OUTPUTS;
                };
        List<Kind> kinds = new ArrayList<>();
        Set<Kind> results = EnumSet.noneOf(Kind.class);
        for (Column column : schema.getColumns()) {
            LogicalType type = column.getDataType().getLogicalType();
            if (column.getName().equalsIgnoreCase(errorColumn)) {
                if (!type.is(LogicalTypeFamily.CHARACTER_STRING)) {
                    throw fail(
                            name,
                            "error column '" + column.getName() + "' must be STRING, got " + type);
                }
                kinds.add(Kind.ERROR);
                continue;
            }
            if (column.getName().equalsIgnoreCase(OnnxModelOptions.VERSION_COLUMN)) {
                if (!type.is(LogicalTypeFamily.CHARACTER_STRING)) {
                    throw fail(
                            name,
                            "column '"
                                    + column.getName()
                                    + "' gets the model's version and must be STRING, got "
                                    + type);
                }
                kinds.add(Kind.MODEL_VERSION);
                continue;
            }
            Kind kind = kindOf(task, type);
            if (kind == null) {
                throw fail(
                        name,
                        "OUTPUT column '"
                                + column.getName()
                                + "' of type "
                                + type
                                + " does not fit: "
                                + expected
                                + ", plus an optional STRING column '"
                                + errorColumn
                                + "' for the reason of a bad row and an optional STRING column '"
                                + OnnxModelOptions.VERSION_COLUMN
                                + "' for the model's version");
            }
            Kind family = family(kind);
            if (!results.add(family)) {
                throw fail(
                        name,
                        "OUTPUT column '"
                                + column.getName()
                                + "' repeats a result another column already holds: "
                                + expected);
            }
            if (nullOnError && !type.isNullable()) {
                throw fail(
                        name,
                        "OUTPUT column '"
                                + column.getName()
                                + "' is NOT NULL, but a bad row gets NULL outputs ('on-error' ="
                                + " 'null'): drop NOT NULL or set 'on-error' = 'fail'");
            }
            kinds.add(kind);
        }
        if (results.isEmpty()) {
            throw fail(name, "OUTPUT has no result column: " + expected);
        }
        return new OutputLayout(kinds);
    }

    private static Kind kindOf(String task, LogicalType type) {
        if (task.equals("generation")) {
            return type.is(LogicalTypeFamily.CHARACTER_STRING) ? Kind.TEXT : null;
        }
        if (task.equals("embedding")) {
            if (type instanceof ArrayType array) {
                return floating(
                        array.getElementType(), Kind.EMBEDDING_FLOAT, Kind.EMBEDDING_DOUBLE);
            }
            return null;
        }
        if (type.is(LogicalTypeFamily.CHARACTER_STRING)) {
            return Kind.LABEL;
        }
        Kind score = floating(type, Kind.SCORE_FLOAT, Kind.SCORE_DOUBLE);
        if (score != null) {
            return score;
        }
        if (type instanceof ArrayType array
                && array.getElementType() instanceof RowType row
                && row.getFieldCount() == 2
                && row.getTypeAt(0).is(LogicalTypeFamily.CHARACTER_STRING)) {
            return floating(row.getTypeAt(1), Kind.LABELS_FLOAT, Kind.LABELS_DOUBLE);
        }
        return null;
    }

    private static Kind floating(LogicalType type, Kind ifFloat, Kind ifDouble) {
        if (type.is(LogicalTypeRoot.FLOAT)) {
            return ifFloat;
        }
        return type.is(LogicalTypeRoot.DOUBLE) ? ifDouble : null;
    }

    private static Kind family(Kind kind) {
        return switch (kind) {
            case EMBEDDING_DOUBLE -> Kind.EMBEDDING_FLOAT;
            case SCORE_DOUBLE -> Kind.SCORE_FLOAT;
            case LABELS_DOUBLE -> Kind.LABELS_FLOAT;
            default -> kind;
        };
    }

    private static String describe(List<Column> columns) {
        List<String> parts = new ArrayList<>();
        for (Column column : columns) {
            parts.add(column.getName() + " " + column.getDataType());
        }
        return "(" + String.join(", ", parts) + ")";
    }
}
