package dev.flinfer.sql.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The onnx model provider: async (micro-batched, the default when {@code ML_PREDICT} does not say
 * {@code 'async' = 'false'}) and sync (one row at a time).
 */
@Internal
public final class OnnxModelProvider
        implements AsyncPredictRuntimeProvider, PredictRuntimeProvider {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxModelProvider.class);

    /**
     * Flink's own key (flink-table-api-java), read here so the provider needs table-common only.
     */
    public static final ConfigOption<Integer> TABLE_MAX_IN_FLIGHT =
            ConfigOptions.key("table.exec.async-ml-predict.max-concurrent-operations")
                    .intType()
                    .defaultValue(10);

    /** The per-call override in ML_PREDICT's config map. */
    static final ConfigOption<Integer> MAX_IN_FLIGHT =
            ConfigOptions.key("max-concurrent-operations").intType().noDefaultValue();

    private final ModelSpec spec;
    private final int tableMaxInFlight;

    public OnnxModelProvider(ModelSpec spec, int tableMaxInFlight) {
        this.spec = spec;
        this.tableMaxInFlight = tableMaxInFlight;
    }

    @Override
    public AsyncPredictFunction createAsyncPredictFunction(Context context) {
        int inFlight = context.runtimeConfig().getOptional(MAX_IN_FLIGHT).orElse(tableMaxInFlight);
        if (inFlight < spec.policy().maxBatchSize()) {
            LOG.warn(
                    "Model {}: at most {} rows are in flight per slot, fewer than 'max-batch-size'"
                            + " = {}, so batches never fill. Raise it in ML_PREDICT's config,"
                            + " MAP['max-concurrent-operations', '{}'], or with SET"
                            + " 'table.exec.async-ml-predict.max-concurrent-operations'",
                    spec.name(),
                    inFlight,
                    spec.policy().maxBatchSize(),
                    4 * spec.policy().maxBatchSize());
        }
        return spec.versions() != null
                ? new VersionedPredictFunction(spec)
                : new OnnxPredictFunction(spec);
    }

    @Override
    public PredictFunction createPredictFunction(Context context) {
        if (spec.versions() != null) {
            throw ModelSpecs.fail(
                    spec.name(),
                    "'model-control' and 'model-poll-interval' need the async ML_PREDICT (drop"
                            + " 'async' = 'false')");
        }
        return new OnnxSyncPredictFunction(spec);
    }

    @Override
    public ModelProvider copy() {
        return new OnnxModelProvider(spec, tableMaxInFlight);
    }

    public ModelSpec spec() {
        return spec;
    }
}
