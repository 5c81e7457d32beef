package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.OptionsTable;
import dev.flinfer.tasks.TaskDescriptor;
import dev.flinfer.tasks.Tasks;
import dev.flinfer.tasks.textclassification.TextClassificationTask;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The command line reads the library's options with the library's defaults, its help says them, and
 * the README's options table is the one the code makes: none of them can drift.
 */
class CliOptionsTest {

    @Test
    void theCommandLineDefaultsAreTheOptionDefaults() {
        JobOptions options = new JobOptions();

        assertThat(options.batchSize).isEqualTo(FlinferOptions.MAX_BATCH_SIZE.defaultValue());
        assertThat(Duration.ofMillis(options.maxLatencyMs))
                .isEqualTo(FlinferOptions.MAX_LATENCY.defaultValue());
        assertThat(options.device).isEqualTo(FlinferOptions.DEVICE.defaultValue());
        assertThat(options.inferenceWorkers)
                .isEqualTo(FlinferOptions.INFERENCE_WORKERS.defaultValue());
        assertThat(options.lengthBuckets).isEqualTo(FlinferOptions.LENGTH_BUCKETS.defaultValue());
        assertThat(options.sharedEngine).isEqualTo(FlinferOptions.SHARED_ENGINE.defaultValue());
        assertThat(options.textField).isEqualTo(FlinferOptions.TEXT_FIELD.defaultValue());
        assertThat(options.imageField).isEqualTo(FlinferOptions.IMAGE_FIELD.defaultValue());
        assertThat(options.maxTextChars).isEqualTo(FlinferOptions.MAX_TEXT_CHARS.defaultValue());
        assertThat(options.maxImageBytes).isEqualTo(FlinferOptions.MAX_IMAGE_BYTES.defaultValue());
        assertThat(options.maxImagePixels)
                .isEqualTo(FlinferOptions.MAX_IMAGE_PIXELS.defaultValue());
        assertThat(!options.fullSizeDecoding)
                .isEqualTo(FlinferOptions.REDUCED_DECODING.defaultValue());
        // left unset, so that each task's own default applies
        assertThat(options.topK).isNull();
        assertThat(options.outputField).isNull();
        assertThat(options.prepareThreads).isNull();
    }

    @Test
    void aTaskLeftToItsDefaultsGetsTheTasksOwnDefaults() {
        JobOptions options = new JobOptions();
        options.task = JobOptions.Task.TEXT_CLASSIFICATION;
        Configuration conf = options.toConfiguration();

        assertThat(conf.get(FlinferOptions.MODEL))
                .isEqualTo(TextClassificationTask.INSTANCE.defaultModel());
        assertThat(conf.get(TextClassificationTask.TOP_K)).isZero();
        assertThat(conf.get(TextClassificationTask.OUTPUT_FIELD)).isEqualTo("classification");
    }

    @Test
    void theHelpShowsTheDefaultsAndNamesEveryTaskAndItsDefaultModel() {
        StringWriter help = new StringWriter();
        FlinferMain.commandLine().usage(new PrintWriter(help));
        String text = help.toString().replaceAll("\\s+", " ");

        assertThat(text)
                .contains("Max records per inference batch (default 32)")
                .contains("has waited this long (default 20)")
                .contains("(default 100000)")
                .contains("(default 20971520)");
        for (TaskDescriptor<?> task : Tasks.ALL) {
            assertThat(text).contains(task.name()).contains(task.defaultModel());
        }
    }

    @Test
    void theReadmeOptionsTableIsTheOneTheCodeMakes() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme).contains(OptionsTable.markdown());
    }

    @Test
    void theReadmeCommandLineTableStatesTheOptionDefaults() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("--batch-size N", FlinferOptions.MAX_BATCH_SIZE.defaultValue());
        defaults.put("--max-latency MS", FlinferOptions.MAX_LATENCY.defaultValue().toMillis());
        defaults.put("--device", FlinferOptions.DEVICE.defaultValue());
        defaults.put("--inference-workers N", FlinferOptions.INFERENCE_WORKERS.defaultValue());
        defaults.put("--text-field NAME", FlinferOptions.TEXT_FIELD.defaultValue());
        defaults.put("--max-text-chars N", FlinferOptions.MAX_TEXT_CHARS.defaultValue());
        defaults.put("--image-field NAME", FlinferOptions.IMAGE_FIELD.defaultValue());
        defaults.put("--max-image-bytes N", FlinferOptions.MAX_IMAGE_BYTES.defaultValue());
        defaults.put("--max-image-pixels N", FlinferOptions.MAX_IMAGE_PIXELS.defaultValue());
        defaults.put("--image-model NAME\\|DIR", FlinferOptions.IMAGE_MODEL.defaultValue());
        for (Map.Entry<String, Object> flag : defaults.entrySet()) {
            String row =
                    readme.lines()
                            .filter(line -> line.startsWith("| `" + flag.getKey() + "` |"))
                            .findFirst()
                            .orElseThrow(
                                    () -> new AssertionError("no README row " + flag.getKey()));
            String cell = row.split(" \\| ")[1];
            assertThat(cell).as(flag.getKey()).contains(String.valueOf(flag.getValue()));
        }
    }
}
