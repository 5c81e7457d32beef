package dev.flinfer.sql.internal;

import static dev.flinfer.sql.OnnxModelOptions.DEVICE;
import static dev.flinfer.sql.OnnxModelOptions.INFERENCE_WORKERS;
import static dev.flinfer.sql.OnnxModelOptions.INTRA_OP_THREADS;
import static dev.flinfer.sql.OnnxModelOptions.MAX_BATCH_SIZE;
import static dev.flinfer.sql.OnnxModelOptions.MAX_IMAGE_BYTES;
import static dev.flinfer.sql.OnnxModelOptions.MAX_IMAGE_PIXELS;
import static dev.flinfer.sql.OnnxModelOptions.MAX_LATENCY;
import static dev.flinfer.sql.OnnxModelOptions.MAX_TEXT_CHARS;
import static dev.flinfer.sql.OnnxModelOptions.MODEL;
import static dev.flinfer.sql.OnnxModelOptions.ON_ERROR;
import static dev.flinfer.sql.OnnxModelOptions.PREPARE_THREADS;
import static dev.flinfer.sql.OnnxModelOptions.TASK;
import static dev.flinfer.sql.OnnxModelOptions.TOP_K;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.session.Device;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.sql.ModelRootOptions;
import java.util.Arrays;
import java.util.Locale;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedCatalogModel;

/**
 * Checks a {@code CREATE MODEL} for the onnx provider and turns it into a {@link ModelSpec}: the
 * options, the model (bundled name or directory), the task against the model's files, the input
 * column against the model's input, and the output columns against the task. Every problem is a
 * {@link ValidationException} naming the model, the option or column, and what would be right.
 */
@Internal
public final class ModelSpecs {
    /** Images are decoded on two threads by default, texts tokenized on one. */
    static final int IMAGE_PREPARE_THREADS = 2;

    private ModelSpecs() {}

    /**
     * The spec of model {@code name}; {@code options} are its WITH options, already validated;
     * {@code tableConfig} says where models may be read from ({@link ModelRootOptions}).
     */
    public static ModelSpec of(
            String name,
            ResolvedCatalogModel model,
            ReadableConfig options,
            ReadableConfig tableConfig) {
        ModelTask task = task(name, options);
        String modelOption =
                options.getOptional(MODEL)
                        .filter(m -> !m.isBlank())
                        .orElseThrow(
                                () ->
                                        fail(
                                                name,
                                                "option 'model' is required: a bundled model "
                                                        + ModelCatalog.bundledNames()
                                                        + " or a bundle directory"));
        ModelBundle bundle;
        try {
            bundle = ModelCatalog.resolve(ModelRootOptions.check(modelOption, tableConfig));
        } catch (ModelLoadException e) {
            throw fail(name, e.getMessage());
        }
        ModelTask.Input input = modelInput(name, task, bundle);
        Schemas.checkInput(name, input, model.getResolvedInputSchema());
        OutputLayout layout =
                Schemas.outputLayout(name, task, model.getResolvedOutputSchema(), options);
        return new ModelSpec(
                name,
                task,
                input,
                modelOption,
                session(name, options),
                policy(name, options, input),
                atLeast(name, options.get(TOP_K), 0, TOP_K.key()),
                atLeast(name, options.get(MAX_TEXT_CHARS), 1, MAX_TEXT_CHARS.key()),
                limits(name, options),
                options.get(ON_ERROR),
                layout);
    }

    private static ModelTask task(String name, ReadableConfig options) {
        String value =
                options.getOptional(TASK)
                        .orElseThrow(
                                () ->
                                        fail(
                                                name,
                                                "option 'task' is required: 'embedding' or"
                                                        + " 'classification'"));
        return Arrays.stream(ModelTask.values())
                .filter(t -> t.optionValue().equals(value.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(
                        () ->
                                fail(
                                        name,
                                        "unknown task '"
                                                + value
                                                + "': the onnx provider runs 'embedding' or"
                                                + " 'classification'"));
    }

    /** Text when the bundle has a tokenizer, image when it has a preprocessor config. */
    private static ModelTask.Input modelInput(String name, ModelTask task, ModelBundle bundle) {
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
        if (task == ModelTask.EMBEDDING && image) {
            throw fail(
                    name,
                    "task 'embedding' needs a text encoder (with "
                            + ModelBundle.TOKENIZER
                            + "), but '"
                            + bundle.name()
                            + "' is an image model: use 'task' = 'classification'");
        }
        return text ? ModelTask.Input.TEXT : ModelTask.Input.IMAGE;
    }

    private static SessionSettings session(String name, ReadableConfig options) {
        Device device;
        try {
            device = Device.parse(options.get(DEVICE));
        } catch (IllegalArgumentException e) {
            throw fail(name, "option 'device': " + e.getMessage());
        }
        int threads = atLeast(name, options.get(INTRA_OP_THREADS), 0, INTRA_OP_THREADS.key());
        int workers = atLeast(name, options.get(INFERENCE_WORKERS), 1, INFERENCE_WORKERS.key());
        return new SessionSettings(device, threads, workers, options.get(MAX_BATCH_SIZE));
    }

    private static BatchPolicy policy(String name, ReadableConfig options, ModelTask.Input input) {
        int size = atLeast(name, options.get(MAX_BATCH_SIZE), 1, MAX_BATCH_SIZE.key());
        if (options.get(MAX_LATENCY).isNegative()) {
            throw fail(name, "option 'max-latency' must be >= 0, got " + options.get(MAX_LATENCY));
        }
        int defaultThreads =
                input == ModelTask.Input.IMAGE
                        ? IMAGE_PREPARE_THREADS
                        : BatchPolicy.DEFAULT_PREPARE_THREADS;
        int threads =
                atLeast(
                        name,
                        options.getOptional(PREPARE_THREADS).orElse(defaultThreads),
                        1,
                        PREPARE_THREADS.key());
        int workers = atLeast(name, options.get(INFERENCE_WORKERS), 1, INFERENCE_WORKERS.key());
        return new BatchPolicy(
                size,
                options.get(MAX_LATENCY),
                threads,
                BatchPolicy.DEFAULT_LENGTH_BUCKETS,
                workers);
    }

    private static ImageLimits limits(String name, ReadableConfig options) {
        int bytes = atLeast(name, options.get(MAX_IMAGE_BYTES), 1, MAX_IMAGE_BYTES.key());
        long pixels = options.get(MAX_IMAGE_PIXELS);
        if (pixels < 1) {
            throw fail(name, "option 'max-image-pixels' must be >= 1, got " + pixels);
        }
        return new ImageLimits(bytes, pixels);
    }

    private static int atLeast(String name, int value, int min, String option) {
        if (value < min) {
            throw fail(name, "option '" + option + "' must be >= " + min + ", got " + value);
        }
        return value;
    }

    static ValidationException fail(String name, String problem) {
        return new ValidationException("Model '" + name + "' (provider 'onnx'): " + problem);
    }
}
