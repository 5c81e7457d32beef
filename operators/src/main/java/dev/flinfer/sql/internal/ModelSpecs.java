package dev.flinfer.sql.internal;

import static dev.flinfer.sql.OnnxModelOptions.MODEL_CONTROL;
import static dev.flinfer.sql.OnnxModelOptions.MODEL_POLL_INTERVAL;
import static dev.flinfer.sql.OnnxModelOptions.ON_ERROR;
import static dev.flinfer.sql.OnnxModelOptions.TASK;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.flink.ModelRepository;
import dev.flinfer.generation.Generator;
import dev.flinfer.sql.ModelRootOptions;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.OptionRules;
import dev.flinfer.tasks.TaskDescriptor;
import dev.flinfer.tasks.TaskDescriptor.Reads;
import dev.flinfer.tasks.TaskDescriptor.Writes;
import dev.flinfer.tasks.TaskSettings;
import dev.flinfer.tasks.Tasks;
import dev.flinfer.tasks.generation.Text2TextTask;
import dev.flinfer.tasks.generation.TextGenerationTask;
import dev.flinfer.tasks.imageclassification.ImageClassificationTask;
import dev.flinfer.tasks.textclassification.TextClassificationTask;
import dev.flinfer.tasks.textembedding.TextEmbeddingTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedCatalogModel;

/**
 * Checks a {@code CREATE MODEL} for the onnx provider and turns it into a {@link ModelSpec}: the
 * task, the model (bundled name or directory) against the task, the input column against the
 * model's input, the output columns against the task, and every option by the rules the DataStream
 * builders use ({@link OptionRules}). Every problem is a {@link ValidationException} naming the
 * model, the option or column, and what would be right.
 */
@Internal
public final class ModelSpecs {
    /** The SQL tasks: the two families of {@code 'task'}, and each descriptor by its own name. */
    private static final Map<String, List<TaskDescriptor<?>>> SQL_TASKS = new LinkedHashMap<>();

    static {
        SQL_TASKS.put("embedding", List.of(TextEmbeddingTask.INSTANCE));
        SQL_TASKS.put(
                "classification",
                List.of(TextClassificationTask.INSTANCE, ImageClassificationTask.INSTANCE));
        SQL_TASKS.put("generation", List.of(TextGenerationTask.INSTANCE, Text2TextTask.INSTANCE));
        for (TaskDescriptor<?> task : sqlDescriptors()) {
            SQL_TASKS.put(task.name(), List.of(task));
        }
    }

    private ModelSpecs() {}

    /** The tasks SQL runs: those that read a text or an image and give an embedding or labels. */
    public static List<TaskDescriptor<?>> sqlDescriptors() {
        List<TaskDescriptor<?>> tasks = new ArrayList<>();
        for (TaskDescriptor<?> task : Tasks.ALL) {
            if (task.reads() != Reads.POST && task.writes() != Writes.DECISION) {
                tasks.add(task);
            }
        }
        return tasks;
    }

    /**
     * The spec of model {@code name}; {@code options} are its WITH options, already validated;
     * {@code tableConfig} says where models may be read from ({@link ModelRootOptions}).
     */
    public static ModelSpec of(
            String name,
            ResolvedCatalogModel model,
            ReadableConfig options,
            ReadableConfig tableConfig) {
        String family = family(name, options);
        String modelOption =
                options.getOptional(FlinferOptions.MODEL)
                        .filter(m -> !m.isBlank())
                        .orElseThrow(
                                () ->
                                        fail(
                                                name,
                                                "option 'model' is required: a bundled model "
                                                        + ModelCatalog.bundledNames()
                                                        + " or a bundle directory"));
        ModelBundle bundle;
        SqlVersions versions;
        try {
            String checked = ModelRootOptions.check(modelOption, tableConfig);
            versions = versions(name, checked, options, model.getOptions());
            bundle =
                    versions == null
                            ? ModelCatalog.resolve(checked)
                            : versions.repository().bundle(versions.initial());
        } catch (ModelLoadException e) {
            throw fail(name, e.getMessage());
        }
        TaskDescriptor<?> task = task(name, family, bundle);
        Schemas.checkInput(name, task.reads(), model.getResolvedInputSchema());
        OutputLayout layout =
                Schemas.outputLayout(name, family(task), model.getResolvedOutputSchema(), options);
        checkOptions(name, options);
        TaskSettings settings =
                versions == null
                        ? task.settings(options)
                        : task.settings(versions.optionsOf(versions.initial()));
        return new ModelSpec(
                name,
                task,
                settings,
                Tasks.policy(options, task),
                options.get(FlinferOptions.MAX_TEXT_CHARS),
                options.get(ON_ERROR),
                layout,
                versions);
    }

    /**
     * The versions of a model with {@code 'model-control'} or {@code 'model-poll-interval'}, null
     * for a model without: {@code model} must then be a local repository of numbered versions (or
     * one of them) that holds the version to serve.
     */
    private static SqlVersions versions(
            String name, String model, ReadableConfig options, Map<String, String> withOptions) {
        String control = options.getOptional(MODEL_CONTROL).orElse(null);
        Duration poll = options.getOptional(MODEL_POLL_INTERVAL).orElse(null);
        if (control == null && poll == null) {
            return null;
        }
        if (poll != null && poll.toMillis() < 100) {
            throw fail(name, "option 'model-poll-interval' must be at least 100 ms, got " + poll);
        }
        if (ModelRepository.isUri(model) || !ModelRepository.isVersioned(model)) {
            throw fail(
                    name,
                    "model '"
                            + model
                            + "' is not a local versioned repository: 'model-control' and"
                            + " 'model-poll-interval' need NAME/1/, NAME/2/, ... directories");
        }
        String[] topic;
        try {
            topic = control == null ? new String[2] : SqlVersions.control(control.trim());
        } catch (IllegalArgumentException e) {
            throw fail(name, e.getMessage());
        }
        ModelRepository repository = ModelRepository.of(model);
        int initial;
        try {
            initial = repository.initialVersion();
        } catch (RuntimeException e) {
            throw fail(name, e.getMessage());
        }
        if (!repository.exists(initial)) {
            throw fail(name, "version " + initial + " is not in " + repository.location());
        }
        return new SqlVersions(
                repository,
                initial,
                withOptions,
                topic[0],
                topic[1],
                poll,
                System.currentTimeMillis());
    }

    /** Every option SQL takes: those of the SQL tasks with a short SQL key. */
    public static List<ConfigOption<?>> taskOptions() {
        Map<String, ConfigOption<?>> byKey = new LinkedHashMap<>();
        for (TaskDescriptor<?> task : sqlDescriptors()) {
            for (ConfigOption<?> option : options(task)) {
                if (option.hasFallbackKeys()) {
                    byKey.putIfAbsent(option.key(), option);
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /** {@code embedding}, {@code classification} or {@code generation}: what OUTPUT may hold. */
    static String family(TaskDescriptor<?> task) {
        return switch (task.writes()) {
            case EMBEDDING -> "embedding";
            case TEXT -> "generation";
            default -> "classification";
        };
    }

    private static List<ConfigOption<?>> options(TaskDescriptor<?> task) {
        List<ConfigOption<?>> options = new ArrayList<>(Tasks.COMMON_OPTIONS);
        options.addAll(task.options());
        options.add(task.prepareThreads());
        return options;
    }

    /**
     * Every option SQL takes, whether the model's task reads it or not: an option set for nothing
     * is still checked.
     */
    private static void checkOptions(String name, ReadableConfig options) {
        for (ConfigOption<?> option : taskOptions()) {
            Object value = options.get(option);
            if (value == null) {
                continue;
            }
            String problem = OptionRules.problem(option, value);
            if (problem != null) {
                throw fail(
                        name,
                        "option '"
                                + OptionRules.sqlKey(option)
                                + "'"
                                + problem
                                + " (full key '"
                                + option.key()
                                + "')");
            }
        }
    }

    private static String family(String name, ReadableConfig options) {
        String value =
                options.getOptional(TASK)
                        .orElseThrow(
                                () ->
                                        fail(
                                                name,
                                                "option 'task' is required: 'embedding',"
                                                        + " 'classification' or 'generation'"));
        String family = value.trim().toLowerCase(Locale.ROOT);
        if (!SQL_TASKS.containsKey(family)) {
            throw fail(
                    name,
                    "unknown task '"
                            + value
                            + "': the onnx provider runs 'embedding', 'classification' or"
                            + " 'generation' (or by"
                            + " name: "
                            + String.join(
                                    ", ",
                                    sqlDescriptors().stream().map(TaskDescriptor::name).toList())
                            + ")");
        }
        return family;
    }

    /** The task of {@code family} for the bundle: text when it has a tokenizer, image when not. */
    private static TaskDescriptor<?> task(String name, String family, ModelBundle bundle) {
        boolean text = bundle.hasFile(ModelBundle.TOKENIZER);
        boolean image = bundle.hasFile(ModelBundle.PREPROCESSOR);
        if (text == image) {
            throw fail(
                    name,
                    "model "
                            + bundle.directory()
                            + " must hold either "
                            + ModelBundle.TOKENIZER
                            + " (a text model) or "
                            + ModelBundle.PREPROCESSOR
                            + " (an image model)"
                            + (text ? ", not both" : ""));
        }
        Reads reads = text ? Reads.TEXT : Reads.IMAGE;
        if (family.equals("generation") && text) {
            // the bundle's layout says the family: an encoder graph makes it encoder-decoder
            return Generator.encoderDecoder(bundle)
                    ? Text2TextTask.INSTANCE
                    : TextGenerationTask.INSTANCE;
        }
        for (TaskDescriptor<?> task : SQL_TASKS.get(family)) {
            if (task.reads() == reads) {
                return task;
            }
        }
        TaskDescriptor<?> wanted = SQL_TASKS.get(family).get(0);
        throw fail(
                name,
                "task '"
                        + family
                        + "' needs a "
                        + (wanted.reads() == Reads.TEXT
                                ? "text encoder (with " + ModelBundle.TOKENIZER + ")"
                                : "image model (with " + ModelBundle.PREPROCESSOR + ")")
                        + ", but '"
                        + bundle.name()
                        + "' is "
                        + (text ? "a text model" : "an image model")
                        + (family.equals("embedding") ? ": use 'task' = 'classification'" : ""));
    }

    static ValidationException fail(String name, String problem) {
        return new ValidationException("Model '" + name + "' (provider 'onnx'): " + problem);
    }
}
