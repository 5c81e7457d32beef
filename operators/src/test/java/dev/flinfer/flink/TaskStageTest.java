package dev.flinfer.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.Tasks;
import dev.flinfer.tasks.imageclassification.ImageClassificationSettings;
import dev.flinfer.tasks.imageclassification.ImageClassificationTask;
import dev.flinfer.tasks.textembedding.TextEmbeddingSettings;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Any task by its descriptor: the same options, rules and defaults as its own builder. */
class TaskStageTest {

    @Test
    void aTaskByNameBuildsFromItsOptionsAsItsOwnBuilderDoes() {
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MODEL, "all-minilm-l6-v2");
        conf.set(FlinferOptions.MAX_BATCH_SIZE, 8);
        conf.set(FlinferOptions.MAX_LATENCY, Duration.ofMillis(5));

        InferenceStage<?> byName =
                TaskStage.builder(Tasks.byName("text-embedding")).configure(conf).build();
        TextEmbeddings own = TextEmbeddings.builder().configure(conf).build();

        assertThat(byName.settings()).isInstanceOf(TextEmbeddingSettings.class);
        assertThat(byName.settings()).isEqualTo(own.settings());
        assertThat(byName.policy()).isEqualTo(own.policy());
        assertThat(byName.capacity()).isEqualTo(own.capacity());
        assertThat(byName.factory()).isEqualTo(own.factory());
    }

    @Test
    void aTasksOwnDefaultsApply() {
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MODEL, "text-orientation");

        InferenceStage<ImageClassificationSettings> stage =
                TaskStage.builder(ImageClassificationTask.INSTANCE).configure(conf).build();

        assertThat(stage.policy().prepareThreads()).isEqualTo(2);
        assertThat(stage.settings().topK()).isEqualTo(5);
        assertThat(stage.settings().outputField()).isEqualTo("classification");
    }

    @Test
    void aSharedEngineLeftToItsDefaultPreparesOnEveryCoreOfItsTaskManager() {
        Configuration conf = new Configuration();
        conf.set(FlinferOptions.MODEL, "text-orientation");
        conf.set(FlinferOptions.SHARED_ENGINE, true);

        InferenceStage<ImageClassificationSettings> shared =
                TaskStage.builder(ImageClassificationTask.INSTANCE).configure(conf).build();
        conf.set(ImageClassificationTask.PREPARE_THREADS, 3);
        InferenceStage<ImageClassificationSettings> set =
                TaskStage.builder(ImageClassificationTask.INSTANCE).configure(conf).build();

        // counted where the engine starts (a TaskManager), not where the job is built
        assertThat(shared.policy().prepareThreads()).isEqualTo(BatchPolicy.ALL_CORES);
        assertThat(shared.policy().preparationThreads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(set.policy().preparationThreads()).isEqualTo(3);
    }

    @Test
    void anUnknownTaskNameListsTheTasks() {
        assertThatThrownBy(() -> Tasks.byName("summarize"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown task 'summarize'")
                .hasMessageContaining(
                        "text-embedding, image-classification, text-classification, moderation,"
                                + " text-generation or text2text");
    }

    @Test
    void theSetterOfAnyOptionChecksItsValue() {
        assertThatThrownBy(
                        () ->
                                TaskStage.builder(ImageClassificationTask.INSTANCE)
                                        .set(FlinferOptions.MAX_IMAGE_BYTES, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxImageBytes must be >= 1, got 0");
    }
}
