package dev.flinfer.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.jobs.JobOptions;
import dev.flinfer.jobs.local.EmbeddedKafka;
import dev.flinfer.models.vit.VitConfig;
import dev.flinfer.text.TextTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The benchmark: raw ONNX Runtime against Flinfer end to end through Kafka and the per-record map,
 * in one run, on the same model and thread count.
 *
 * <pre>{@code
 * java -jar jobs/target/flinfer-jobs.jar bench              # text and images, about 20 minutes
 * java -jar jobs/target/flinfer-jobs.jar bench text --out bench-results
 * java -jar jobs/target/flinfer-jobs.jar bench generation --records 200 --batch-sizes 16
 * java -jar jobs/target/flinfer-jobs.jar bench swap     # a model version swap under load
 * java -jar jobs/target/flinfer-jobs.jar bench prepare  # decoding and tokenising per thread
 * java -jar jobs/target/flinfer-jobs.jar bench --smoke      # seconds: checks the command works
 * }</pre>
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures raw ONNX Runtime throughput (inputs tokenized or decoded beforehand) at each"
                    + " batch size, Flinfer end to end from Kafka to Kafka (in-process broker, local"
                    + " MiniCluster) at each max batch size, the per-record map, latency at a fixed"
                    + " offered rate, padding, batch sizes and stage times.",
            "generation: greedy decoding in process one record at a time, in static batches and"
                    + " with continuous batching, and the text-generation job end to end, in tokens"
                    + " per second and time to first token.",
            "swap: a text-embedding job told to serve another version of its model while a paced"
                    + " load runs: time from the command to the first record on the new version,"
                    + " output gaps and rate against the steady state, the cost against the"
                    + " model's own load and warm-up.",
            "prepare: JPEG decoding to tensors (camera sizes and 320 x 240, Flinfer's decoder and"
                    + " the JDK's) and tokenising (one text and a batch per call), per thread at 1"
                    + " thread and at every core.",
            "Writes bench.json and one PNG chart per workload to --out."
        })
public final class BenchCommand implements Callable<Integer> {
    private static final int MAX_TEXTS = 100_000;
    private static final int MAX_IMAGES = 40_000;
    private boolean warmedUp;

    @Parameters(
            index = "0",
            arity = "0..1",
            defaultValue = "all",
            paramLabel = "SUITE",
            description =
                    "text, images, generation, swap, prepare or all (default ${DEFAULT-VALUE}).")
    String suite;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "Intra-op threads per inference worker (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--inference-workers",
            defaultValue = "2",
            description =
                    "Batches run at once on the session, each with --threads intra-op threads"
                            + " (default ${DEFAULT-VALUE}). With more than one, raw ONNX Runtime is"
                            + " also measured one run at a time on all their threads, and the"
                            + " better layout is the limit.")
    int workers;

    @Option(
            names = "--batch-sizes",
            split = ",",
            description = "Batch sizes (default 1,8,32,128; generation: 16).")
    int[] batchSizes;

    @Option(
            names = "--records",
            defaultValue = "200",
            description = "Generation: prompts run in each mode (default ${DEFAULT-VALUE}).")
    int generationRecords;

    @Option(
            names = "--max-new-tokens",
            defaultValue = "64",
            description = "Generation: at most N new tokens a record (default ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(
            names = "--passes",
            defaultValue = "3",
            description =
                    "Generation: measured passes over all the records, the modes taking turns;"
                            + " each mode's fastest is kept (default ${DEFAULT-VALUE}).")
    int passes;

    @Option(
            names = "--warm-up-passes",
            defaultValue = "1",
            description =
                    "Generation: discarded passes over all the records before each measured mode"
                            + " (default ${DEFAULT-VALUE}).")
    int warmUpPasses;

    @Option(
            names = "--max-latency",
            defaultValue = "20",
            description = "Max latency of a batch in ms (default ${DEFAULT-VALUE}).")
    long maxLatencyMs;

    @Option(
            names = "--seconds",
            defaultValue = "3",
            description = "Timed seconds per raw measurement (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--latency-seconds",
            defaultValue = "20",
            description =
                    "Seconds of paced load for the latency figures (default ${DEFAULT-VALUE}).")
    double latencySeconds;

    @Option(
            names = "--run-seconds",
            defaultValue = "25",
            description =
                    "Seconds of each end-to-end run after its first output: the first fifth"
                            + " warms up, the rest is timed (default ${DEFAULT-VALUE}).")
    double runSeconds;

    @Option(
            names = "--warm-up-seconds",
            defaultValue = "60",
            description =
                    "A discarded end-to-end run before the first measured one, so the JIT has"
                            + " compiled Flink's, Kafka's and Flinfer's paths (default"
                            + " ${DEFAULT-VALUE}).")
    double warmUpSeconds;

    @Option(
            names = "--workloads",
            split = ",",
            description =
                    "Only these workloads of the suite (text-short, text-mix, text-long, vit-small,"
                            + " vit-base, generation, swap, prepare).")
    List<String> only;

    @Option(
            names = "--swap-rate",
            defaultValue = "50",
            description =
                    "Swap: records per second offered while the version swaps (default"
                            + " ${DEFAULT-VALUE}).")
    double swapRate;

    @Option(
            names = "--swap-steady-seconds",
            defaultValue = "5",
            description =
                    "Swap: seconds of steady state measured before each command and left after"
                            + " it (default ${DEFAULT-VALUE}).")
    double swapSteadySeconds;

    @Option(names = "--out", defaultValue = "bench-results", description = "Output folder.")
    Path out;

    @Option(
            names = "--smoke",
            description = "A seconds-long run of every part with few records (for CI).")
    boolean smoke;

    @Override
    public Integer call() throws Exception {
        if (!List.of("all", "text", "images", "generation", "swap", "prepare").contains(suite)) {
            throw new IllegalArgumentException(
                    "Unknown suite '"
                            + suite
                            + "': expected text, images, generation, swap, prepare or all");
        }
        int[] generationSizes = batchSizes == null ? new int[] {16} : batchSizes;
        if (batchSizes == null) {
            batchSizes = new int[] {1, 8, 32, 128};
        }
        if (smoke) {
            batchSizes = new int[] {1, 8};
            generationSizes = new int[] {4};
            generationRecords = 8;
            seconds = 0.3;
            latencySeconds = 2;
            runSeconds = 1;
            warmUpSeconds = 1;
            swapSteadySeconds = 1;
        }
        Files.createDirectories(out);
        System.out.printf(
                "Flinfer bench: %d inference worker(s) x %d intra-op thread(s), max latency %d ms,"
                        + " %d cores%n",
                workers, threads, maxLatencyMs, Runtime.getRuntime().availableProcessors());
        List<Workload.Figures> results = new ArrayList<>();
        GenerationFigures generation = null;
        SwapRun.Figures swap = null;
        List<PrepareRun.Point> prepare = null;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            EndToEndRun runs = new EndToEndRun(kafka);
            for (Workload workload :
                    List.of("generation", "swap", "prepare").contains(suite)
                            ? List.<Workload>of()
                            : workloads()) {
                if (only != null && !only.contains(workload.name())) {
                    continue;
                }
                Workload.Figures figures = measure(runs, workload);
                results.add(figures);
                BenchReport.print(figures, maxLatencyMs);
                BenchChart.write(out.resolve("bench-" + workload.name() + ".png"), figures);
            }
            if ((suite.equals("all") || suite.equals("generation"))
                    && (only == null || only.contains("generation"))) {
                generation =
                        BenchGeneration.run(
                                kafka,
                                runs,
                                new BenchGeneration.Settings(
                                        generationRecords,
                                        maxNewTokens,
                                        generationSizes,
                                        warmUpPasses,
                                        smoke ? 1 : passes,
                                        threads,
                                        maxLatencyMs));
                GenerationReport.print(generation);
                GenerationReport.chart(out.resolve("bench-generation.png"), generation);
            }
            if ((suite.equals("all") || suite.equals("swap"))
                    && (only == null || only.contains("swap"))) {
                // inline, not a method: picocli reflects on this class's methods, and the
                // cluster jar leaves the embedded broker out
                Workload texts =
                        textWorkload("swap", "all-minilm-l6-v2", TextCorpus.fixed(2000, 12, 1));
                swap =
                        new SwapRun(kafka, runs)
                                .run(
                                        options(texts, batchSizes[batchSizes.length - 1]),
                                        texts.values(),
                                        new SwapRun.Settings(
                                                swapRate,
                                                (long) (swapSteadySeconds * 1000),
                                                maxLatencyMs));
                SwapReport.print(swap);
            }
            if ((suite.equals("all") || suite.equals("prepare"))
                    && (only == null || only.contains("prepare"))) {
                System.out.printf("%n== prepare: per thread, %.1f s a point%n", seconds);
                prepare = PrepareRun.run(seconds);
                PrepareReport.print(prepare);
            }
        }
        ObjectNode json = BenchReport.json(results, workers, threads, maxLatencyMs);
        if (generation != null) {
            json.set("generation", GenerationReport.json(generation));
            ((ObjectNode) json.get("targets")).setAll(GenerationReport.targets(generation));
        }
        if (prepare != null) {
            json.set("prepare", PrepareReport.json(prepare));
        }
        if (swap != null) {
            json.set("swap", SwapReport.json(swap));
            ((ObjectNode) json.get("targets")).setAll(SwapReport.targets(swap));
        }
        Path file = out.resolve("bench.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        BenchReport.printTargets(json);
        int charts = results.size() + (generation == null ? 0 : 1);
        System.out.println("Wrote " + file + " and " + charts + " charts to " + out);
        return 0;
    }

    private List<Workload> workloads() throws Exception {
        List<Workload> workloads = new ArrayList<>();
        String text = "all-minilm-l6-v2";
        if (!suite.equals("images")) {
            workloads.add(textWorkload("text-short", text, TextCorpus.fixed(2000, 12, 1)));
            if (!smoke) {
                workloads.add(textWorkload("text-mix", text, TextCorpus.mixed(2000, 2)));
                workloads.add(textWorkload("text-long", text, TextCorpus.fixed(2000, 100, 3)));
            }
        }
        if (!suite.equals("text")) {
            Path models = Path.of(System.getProperty("java.io.tmpdir"), "flinfer-bench-models");
            Path small = BenchImages.vit(models, "vit-small", VitConfig.small(10));
            workloads.add(
                    new Workload(
                            "vit-small",
                            JobOptions.Task.IMAGE_CLASSIFICATION,
                            small.toString(),
                            BenchImages.jpegs(64, 64, 320, 240),
                            null));
            if (!smoke) {
                Path base = BenchImages.vit(models, "vit-base", VitConfig.base(10));
                workloads.add(
                        new Workload(
                                "vit-base",
                                JobOptions.Task.IMAGE_CLASSIFICATION,
                                base.toString(),
                                BenchImages.jpegs(64, 64, 320, 240),
                                null));
            }
        }
        return workloads;
    }

    private static Workload textWorkload(String name, String model, List<String> texts) {
        List<byte[]> values = new ArrayList<>(texts.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode event = json.createObjectNode().put("id", Integer.toString(i));
            event.put("text", texts.get(i));
            values.add(event.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new Workload(name, JobOptions.Task.TEXT_EMBEDDING, model, values, texts);
    }

    private Workload.Figures measure(EndToEndRun runs, Workload workload) throws Exception {
        ModelBundle bundle = ModelCatalog.resolve(workload.model());
        System.out.printf(
                "%n== %s: %d distinct inputs, model %s%n",
                workload.name(), workload.values().size(), bundle.name());
        Workload.Figures figures =
                new Workload.Figures(
                        workload.name(),
                        bundle.name(),
                        workload.isText() ? "texts" : "images",
                        workload.isText() ? meanTokens(bundle, workload.texts()) : 0);
        measureRaw(workload, bundle, figures);
        int records = records(workload, figures);
        String topic = runs.fill(workload.name(), workload.values(), records);
        if (!warmedUp) {
            // One discarded run: the JIT compiles Flink's, Kafka's and Flinfer's paths here, not
            // during the first measured run.
            int size = batchSizes[batchSizes.length - 1];
            runs.throughput(options(workload, size), topic, records, warmUpSeconds);
            warmedUp = true;
        }
        for (int size : endToEndSizes(workload, batchSizes)) {
            figures.endToEnd()
                    .put(
                            size,
                            runs.throughput(options(workload, size), topic, records, runSeconds));
            System.out.printf(
                    "   end to end, max batch %d: %.1f/s%n",
                    size, figures.endToEnd().get(size).perSecond());
        }
        if (workload.name().equals("text-mix")) {
            for (int size : figures.endToEnd().keySet()) {
                if (size >= 8) {
                    JobOptions fifo = options(workload, size);
                    fifo.lengthBuckets = false;
                    figures.fifo().put(size, runs.throughput(fifo, topic, records, runSeconds));
                }
            }
        }
        if (workload.isText()) {
            // The machine's speed drifts: the limit is the better of a pass before and after.
            measureRaw(workload, bundle, figures);
        }
        JobOptions naive = options(workload, 1);
        naive.perRecord = true;
        // One call at a time: the map's one run gets all the threads the workers share.
        naive.threads = threads * workers;
        naive.inferenceWorkers = 1;
        figures.perRecord(runs.throughput(naive, topic, records, runSeconds));
        int best = figures.bestEndToEndBatchSize();
        double rate = figures.endToEnd().get(best).perSecond() / 2;
        EndToEndRun.Latency latency =
                runs.latency(
                        options(workload, best),
                        workload.name(),
                        workload.values(),
                        rate,
                        latencySeconds);
        figures.latency(latency, best);
        return figures;
    }

    /**
     * Raw ONNX Runtime with the engine's layout and, when it has several workers, with one run at a
     * time on all their threads; a second pass keeps the better figure of each point.
     */
    private void measureRaw(Workload workload, ModelBundle bundle, Workload.Figures figures)
            throws Exception {
        keepBetter(figures.raw(), raw(workload, bundle, threads, workers, false));
        if (workers > 1) {
            keepBetter(
                    figures.rawOneRunAtATime(), raw(workload, bundle, threads * workers, 1, false));
        }
        if (workload.name().equals("text-mix")) {
            keepBetter(figures.rawSorted(), raw(workload, bundle, threads, workers, true));
        }
    }

    private List<RawThroughput.Point> raw(
            Workload workload,
            ModelBundle bundle,
            int intraOpThreads,
            int concurrentRuns,
            boolean sortedByLength)
            throws Exception {
        return workload.isText()
                ? RawThroughput.text(
                        bundle,
                        workload.texts(),
                        batchSizes,
                        intraOpThreads,
                        concurrentRuns,
                        seconds,
                        sortedByLength)
                : RawThroughput.images(bundle, batchSizes, intraOpThreads, concurrentRuns, seconds);
    }

    private static void keepBetter(
            List<RawThroughput.Point> kept, List<RawThroughput.Point> measured) {
        if (kept.isEmpty()) {
            kept.addAll(measured);
            return;
        }
        for (int i = 0; i < measured.size(); i++) {
            if (measured.get(i).perSecond() > kept.get(i).perSecond()) {
                kept.set(i, measured.get(i));
            }
        }
    }

    /**
     * Records to fill a workload's topic with: what ONNX Runtime alone runs in {@code runSeconds}
     * (or the warm-up) at its best batch size, with a margin for a run's longer warm-up while the
     * JIT compiles; capped, since a decode-bound image workload runs far below its model's rate.
     */
    private int records(Workload workload, Workload.Figures figures) {
        double rate = figures.bestRaw().perSecond();
        double seconds = Math.max(runSeconds, warmUpSeconds);
        int cap = workload.isText() ? MAX_TEXTS : MAX_IMAGES;
        return (int) Math.min(cap, Math.max(100, Math.ceil(2 * rate * seconds)));
    }

    /** ViT-Base at batch 128 takes about a minute a batch here: its end-to-end runs stop at 32. */
    private int[] endToEndSizes(Workload workload, int[] sizes) {
        if (workload.name().equals("vit-base")) {
            return Arrays.stream(sizes).filter(s -> s <= 32).toArray();
        }
        return sizes;
    }

    private JobOptions options(Workload workload, int batchSize) {
        JobOptions options = new JobOptions();
        options.task = workload.task();
        options.model = workload.model();
        options.batchSize = batchSize;
        options.maxLatencyMs = maxLatencyMs;
        options.threads = threads;
        options.inferenceWorkers = workers;
        options.device = "cpu";
        return options;
    }

    private static double meanTokens(ModelBundle bundle, List<String> texts) {
        try (TextTokenizer tokenizer = TextTokenizer.open(bundle)) {
            return texts.stream().mapToInt(t -> tokenizer.tokenize(t).length()).average().orElse(0);
        }
    }
}
