package dev.flinfer.sql.internal;

import dev.flinfer.classification.LabelScore;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;

/**
 * How a model's result fills the columns of its {@code OUTPUT} schema. Built and checked by {@link
 * ModelSpecs}; each column has one {@link Kind}.
 */
@Internal
public record OutputLayout(List<Kind> columns) implements Serializable {

    /** What one output column holds. */
    @Internal
    public enum Kind {
        /** ARRAY&lt;FLOAT&gt;: the embedding. */
        EMBEDDING_FLOAT,
        /** ARRAY&lt;DOUBLE&gt;: the embedding. */
        EMBEDDING_DOUBLE,
        /** STRING: the best label. */
        LABEL,
        /** FLOAT: the best label's score. */
        SCORE_FLOAT,
        /** DOUBLE: the best label's score. */
        SCORE_DOUBLE,
        /** ARRAY&lt;ROW&lt;STRING, FLOAT&gt;&gt;: the top-k labels, best first. */
        LABELS_FLOAT,
        /** ARRAY&lt;ROW&lt;STRING, DOUBLE&gt;&gt;: the top-k labels, best first. */
        LABELS_DOUBLE,
        /** STRING: the generated text. */
        TEXT,
        /** STRING: why the row is bad, NULL for a good row. */
        ERROR,
        /** STRING: the version of the model that produced the row. */
        MODEL_VERSION
    }

    public OutputLayout {
        columns = List.copyOf(columns);
    }

    /** The output row of an embedding. */
    public RowData embedding(float[] vector) {
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            switch (columns.get(i)) {
                case EMBEDDING_FLOAT -> row.setField(i, new GenericArrayData(vector.clone()));
                case EMBEDDING_DOUBLE -> {
                    double[] values = new double[vector.length];
                    for (int j = 0; j < vector.length; j++) {
                        values[j] = vector[j];
                    }
                    row.setField(i, new GenericArrayData(values));
                }
                default -> row.setField(i, null);
            }
        }
        return row;
    }

    /** The output row of a classification; {@code labels} best first. */
    public RowData classification(List<LabelScore> labels) {
        GenericRowData row = new GenericRowData(columns.size());
        LabelScore best = labels.get(0);
        for (int i = 0; i < columns.size(); i++) {
            switch (columns.get(i)) {
                case LABEL -> row.setField(i, StringData.fromString(best.label()));
                case SCORE_FLOAT -> row.setField(i, best.score());
                case SCORE_DOUBLE -> row.setField(i, (double) best.score());
                case LABELS_FLOAT, LABELS_DOUBLE -> {
                    boolean asDouble = columns.get(i) == Kind.LABELS_DOUBLE;
                    Object[] entries = new Object[labels.size()];
                    for (int j = 0; j < labels.size(); j++) {
                        LabelScore score = labels.get(j);
                        entries[j] =
                                GenericRowData.of(
                                        StringData.fromString(score.label()),
                                        asDouble ? (Object) (double) score.score() : score.score());
                    }
                    row.setField(i, new GenericArrayData(entries));
                }
                default -> row.setField(i, null);
            }
        }
        return row;
    }

    /** The output row of a generation. */
    public RowData generation(String text) {
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i) == Kind.TEXT) {
                row.setField(i, StringData.fromString(text));
            }
        }
        return row;
    }

    /** The output row of a bad row: every column NULL but the error column. */
    public RowData failed(String reason) {
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i) == Kind.ERROR) {
                row.setField(i, StringData.fromString(reason));
            }
        }
        return row;
    }

    /** {@code row} with {@code version} in its model-version columns, if it has any. */
    public RowData withVersion(RowData row, String version) {
        if (row instanceof GenericRowData generic && columns.contains(Kind.MODEL_VERSION)) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i) == Kind.MODEL_VERSION) {
                    generic.setField(i, StringData.fromString(version));
                }
            }
        }
        return row;
    }
}
