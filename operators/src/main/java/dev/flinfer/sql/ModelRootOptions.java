package dev.flinfer.sql;

import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.bundle.ModelRoots;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The Flink options that say where SQL models may be read from ({@link ModelRoots}): set them in
 * the cluster's configuration (or the table config) where the query is planned. A {@code CREATE
 * MODEL} names a bundled model, or a bundle directory under {@code flinfer.model.dir} or one of
 * {@code flinfer.model.allowed-roots}; with neither set, only bundled models.
 *
 * <pre>{@code
 * SET 'flinfer.model.dir' = '/opt/flinfer/models';
 * CREATE MODEL m ... WITH ('provider' = 'onnx', 'model' = '/opt/flinfer/models/my-bert', ...);
 * }</pre>
 */
@PublicEvolving
public final class ModelRootOptions {
    public static final ConfigOption<String> MODEL_DIR =
            ConfigOptions.key("flinfer.model.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The directory of model bundles: SQL models may be read from under"
                                    + " it.");

    public static final ConfigOption<List<String>> ALLOWED_ROOTS =
            ConfigOptions.key("flinfer.model.allowed-roots")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Directories under which a SQL model's bundle directory may lie,"
                                    + " besides flinfer.model.dir (bundled models are always"
                                    + " allowed). Default: none.");

    private ModelRootOptions() {}

    /**
     * Returns {@code model} when {@code config} allows it ({@link ModelRoots#check}); throws a
     * {@link ModelLoadException} naming these options otherwise.
     */
    public static String check(String model, ReadableConfig config) {
        try {
            return roots(config).check(model);
        } catch (ModelLoadException e) {
            throw new ModelLoadException(
                    e.getMessage()
                            + " (Flink options '"
                            + ALLOWED_ROOTS.key()
                            + "' and '"
                            + MODEL_DIR.key()
                            + "')",
                    e);
        }
    }

    /**
     * The roots allowed: {@link #ALLOWED_ROOTS} and {@link #MODEL_DIR} of the Flink configuration
     * file ({@code $FLINK_CONF_DIR}) when it sets either, else of {@code tableConfig}.
     */
    public static ModelRoots roots(ReadableConfig tableConfig) {
        return roots(tableConfig, GlobalConfiguration.loadConfiguration());
    }

    /**
     * The roots of {@code flinkConfigFile} when it sets them (a SQL user cannot {@code SET} them
     * wider), else of {@code tableConfig}.
     */
    static ModelRoots roots(ReadableConfig tableConfig, ReadableConfig flinkConfigFile) {
        boolean locked =
                flinkConfigFile.getOptional(ALLOWED_ROOTS).isPresent()
                        || flinkConfigFile.getOptional(MODEL_DIR).isPresent();
        ReadableConfig config = locked ? flinkConfigFile : tableConfig;
        List<String> roots = new ArrayList<>(config.getOptional(ALLOWED_ROOTS).orElse(List.of()));
        config.getOptional(MODEL_DIR).ifPresent(roots::add);
        return ModelRoots.of(roots);
    }
}
