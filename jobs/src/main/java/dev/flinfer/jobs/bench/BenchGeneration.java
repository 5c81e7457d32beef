package dev.flinfer.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.generation.Decoding;
import dev.flinfer.jobs.JobOptions;
import dev.flinfer.jobs.local.EmbeddedKafka;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.generation.GenerationModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench generation}: greedy decoding of {@code gpt2-tiny-seeded} on a mix of prompts (3 to
 * 60 words) whose generations end at EOS after spread lengths, in process one record at a time, in
 * static batches and with continuous batching, then the text-generation job end to end through
 * Kafka on the same records. One inference worker throughout, so every mode runs one loop on the
 * same threads.
 */
final class BenchGeneration {
    static final String MODEL = "gpt2-tiny-seeded";
    private static final long PROMPT_SEED = 5;

    /**
     * What to run: records, decoding bound, batch sizes, warm-up passes, measured passes (each
     * mode's best is kept: the machine is shared), threads, max latency.
     */
    record Settings(
            int records,
            int maxNewTokens,
            int[] batchSizes,
            int warmUpPasses,
            int passes,
            int threads,
            long maxLatencyMs) {}

    private BenchGeneration() {}

    static GenerationFigures run(EmbeddedKafka kafka, EndToEndRun runs, Settings settings)
            throws Exception {
        ModelBundle bundle = ModelCatalog.resolve(MODEL);
        List<String> prompts = TextCorpus.prompts(settings.records(), PROMPT_SEED);
        GenerationFigures figures;
        System.out.printf(
                "%n== generation: %d prompts, model %s, max %d new tokens, batch sizes %s%n",
                prompts.size(),
                bundle.name(),
                settings.maxNewTokens(),
                java.util.Arrays.toString(settings.batchSizes()));
        try (GenerationModel model =
                GenerationModel.open(
                        bundle,
                        SessionSettings.cpu(settings.threads()),
                        Decoding.greedy(settings.maxNewTokens()),
                        "{text}",
                        false)) {
            double promptTokens = 0;
            for (String prompt : prompts) {
                promptTokens += model.prepare(prompt).prompt().length;
            }
            figures =
                    new GenerationFigures(
                            bundle.name(),
                            settings.maxNewTokens(),
                            prompts.size(),
                            promptTokens / prompts.size());
            GenerationLoops loops = new GenerationLoops(model);
            for (int pass = 0; pass < settings.warmUpPasses(); pass++) {
                loops.oneAtATime(prompts);
                for (int size : settings.batchSizes()) {
                    loops.staticBatches("static batching", prompts, size);
                    loops.continuous(prompts, size);
                    EngineGeneration.run(model, prompts, size, settings.maxLatencyMs());
                }
            }
            // the modes take turns pass after pass, so a slow spell of the machine hits them alike
            for (int pass = 0; pass < settings.passes(); pass++) {
                figures.oneAtATime = faster(figures.oneAtATime, loops.oneAtATime(prompts));
                for (int size : settings.batchSizes()) {
                    figures.staticBatching.put(
                            size,
                            faster(
                                    figures.staticBatching.get(size),
                                    loops.staticBatches("static batching", prompts, size)));
                    figures.continuous.put(
                            size,
                            faster(figures.continuous.get(size), loops.continuous(prompts, size)));
                    figures.engine.put(
                            size,
                            faster(
                                    figures.engine.get(size),
                                    EngineGeneration.run(
                                            model, prompts, size, settings.maxLatencyMs())));
                }
            }
            print("in process", figures.oneAtATime);
            for (int size : settings.batchSizes()) {
                print("in process", figures.staticBatching.get(size));
                print("in process", figures.continuous.get(size));
                print("in process", figures.engine.get(size));
            }
        }
        List<byte[]> values = values(prompts);
        GenerationEndToEnd endToEnd = new GenerationEndToEnd(kafka, runs);
        for (int size : settings.batchSizes()) {
            GenerationFigures.EndToEnd e2e =
                    endToEnd.run(
                            options(settings, size),
                            values,
                            Math.max(1, settings.warmUpPasses()),
                            settings.passes(),
                            size);
            figures.endToEnd.put(size, e2e);
            System.out.printf(
                    "   end to end, max batch %d: %.1f tokens/s, %.1f records/s%n",
                    size, e2e.tokensPerSecond(), e2e.recordsPerSecond());
        }
        return figures;
    }

    private static GenerationFigures.Mode faster(
            GenerationFigures.Mode kept, GenerationFigures.Mode measured) {
        return kept == null || measured.tokensPerSecond() > kept.tokensPerSecond()
                ? measured
                : kept;
    }

    private static void print(String where, GenerationFigures.Mode mode) {
        System.out.printf(
                "   %s, %s, batch %d: %.1f tokens/s, %.1f records/s%n",
                where,
                mode.name(),
                mode.batchSize(),
                mode.tokensPerSecond(),
                mode.recordsPerSecond());
    }

    private static List<byte[]> values(List<String> prompts) {
        ObjectMapper json = new ObjectMapper();
        List<byte[]> values = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            ObjectNode event = json.createObjectNode().put("id", Integer.toString(i));
            event.put("text", prompts.get(i));
            values.add(event.toString().getBytes(StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The job with one inference worker, as the in-process loops run one loop. */
    private static JobOptions options(Settings settings, int batchSize) {
        JobOptions options = new JobOptions();
        options.task = JobOptions.Task.TEXT_GENERATION;
        options.model = MODEL;
        options.batchSize = batchSize;
        options.maxLatencyMs = settings.maxLatencyMs();
        options.threads = settings.threads();
        options.inferenceWorkers = 1;
        options.device = "cpu";
        options.generation.maxNewTokens = settings.maxNewTokens();
        return options;
    }
}
