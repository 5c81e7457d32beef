package dev.flinfer.sql;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogModel;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.ml.ModelProvider;

/**
 * Builds what {@code CREATE MODEL} gives a provider factory, and asks Flink's factory discovery for
 * the provider (as the planner does), so tests go through {@code META-INF/services}.
 */
final class SqlModels {
    private final Map<String, String> options = new HashMap<>();
    private final Configuration tableConfig = new Configuration();
    private ResolvedSchema input = ResolvedSchema.of(Column.physical("text", DataTypes.STRING()));
    private ResolvedSchema output =
            ResolvedSchema.of(Column.physical("embedding", DataTypes.ARRAY(DataTypes.FLOAT())));

    private SqlModels() {
        options.put("provider", "onnx");
        options.put("task", "embedding");
        options.put("model", "all-minilm-l6-v2");
    }

    /** The README's embedding model. */
    static SqlModels minilm() {
        return new SqlModels();
    }

    SqlModels option(String key, String value) {
        if (value == null) {
            options.remove(key);
        } else {
            options.put(key, value);
        }
        return this;
    }

    /** Sets {@code key} in the table config the factory sees (e.g. the allowed model roots). */
    SqlModels config(String key, String value) {
        tableConfig.setString(key, value);
        return this;
    }

    SqlModels input(Column... columns) {
        input = ResolvedSchema.of(columns);
        return this;
    }

    SqlModels output(Column... columns) {
        output = ResolvedSchema.of(columns);
        return this;
    }

    ModelProvider create() {
        CatalogModel model =
                CatalogModel.of(
                        Schema.newBuilder().fromResolvedSchema(input).build(),
                        Schema.newBuilder().fromResolvedSchema(output).build(),
                        options,
                        null);
        return FactoryUtil.createModelProvider(
                null,
                ObjectIdentifier.of("cat", "db", "m"),
                ResolvedCatalogModel.of(model, input, output),
                tableConfig,
                SqlModels.class.getClassLoader(),
                false);
    }
}
