package dev.flinfer.sql;

import dev.flinfer.sql.internal.ModelSpec;
import dev.flinfer.sql.internal.ModelSpecs;
import dev.flinfer.sql.internal.OnnxModelProvider;
import dev.flinfer.tasks.FlinferOptions;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;

/**
 * The {@code onnx} model provider for Flink SQL's {@code ML_PREDICT}: runs ONNX models inside the
 * job, micro-batched per slot by the engine the DataStream operators use. Found through {@code
 * META-INF/services/org.apache.flink.table.factories.Factory}.
 *
 * <pre>{@code
 * CREATE MODEL minilm INPUT (text STRING) OUTPUT (embedding ARRAY<FLOAT>)
 * WITH ('provider' = 'onnx', 'task' = 'embedding', 'model' = 'all-minilm-l6-v2', 'max-batch-size' = '32');
 * SELECT id, embedding FROM ML_PREDICT(TABLE posts, MODEL minilm, DESCRIPTOR(text));
 * }</pre>
 *
 * <p>The options are {@link OnnxModelOptions} and the tasks' own {@link FlinferOptions}; they, the
 * model, and the INPUT / OUTPUT schemas are checked when a query using the model is planned, each
 * problem a {@code ValidationException}.
 */
@PublicEvolving
public final class OnnxModelProviderFactory implements ModelProviderFactory {
    public static final String IDENTIFIER = "onnx";

    @Override
    public ModelProvider createModelProvider(Context context) {
        FactoryUtil.ModelProviderFactoryHelper helper =
                FactoryUtil.createModelProviderFactoryHelper(this, context);
        helper.validate();
        String name = context.getObjectIdentifier().asSummaryString();
        ModelSpec spec =
                ModelSpecs.of(
                        name,
                        context.getCatalogModel(),
                        helper.getOptions(),
                        context.getConfiguration());
        return new OnnxModelProvider(
                spec, context.getConfiguration().get(OnnxModelProvider.TABLE_MAX_IN_FLIGHT));
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(OnnxModelOptions.TASK, FlinferOptions.MODEL);
    }

    /** The SQL-only options, and every option of the SQL tasks that has a short SQL key. */
    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new LinkedHashSet<>(ModelSpecs.taskOptions());
        options.remove(FlinferOptions.MODEL);
        options.add(OnnxModelOptions.ON_ERROR);
        options.add(OnnxModelOptions.ERROR_COLUMN);
        options.add(OnnxModelOptions.MODEL_CONTROL);
        options.add(OnnxModelOptions.MODEL_POLL_INTERVAL);
        return options;
    }
}
