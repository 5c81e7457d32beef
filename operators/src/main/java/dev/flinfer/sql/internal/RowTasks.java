package dev.flinfer.sql.internal;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.embedding.TextEmbeddingModel;
import dev.flinfer.textclassification.TextClassificationModel;
import dev.flinfer.vision.ImageClassificationModel;
import org.apache.flink.annotation.Internal;

/** Opens the task of a {@link ModelSpec} on a task manager. */
@Internal
public final class RowTasks {
    private RowTasks() {}

    /** Resolves and opens the model; fails naming the file when it cannot be used. */
    public static RowTask<?, ?> open(ModelSpec spec) {
        ModelBundle bundle = ModelCatalog.resolve(spec.model());
        if (spec.task() == ModelTask.EMBEDDING) {
            return new TextEmbeddingRowTask(
                    spec, bundle, TextEmbeddingModel.open(bundle, spec.session()));
        }
        if (spec.input() == ModelTask.Input.IMAGE) {
            return new ImageClassificationRowTask(
                    spec,
                    bundle,
                    ImageClassificationModel.open(bundle, spec.session(), spec.topK()));
        }
        return new TextClassificationRowTask(
                spec, bundle, TextClassificationModel.open(bundle, spec.session(), spec.topK()));
    }
}
