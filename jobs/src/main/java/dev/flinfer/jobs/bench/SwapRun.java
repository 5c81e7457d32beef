package dev.flinfer.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.jobs.FlinferJob;
import dev.flinfer.jobs.JobOptions;
import dev.flinfer.jobs.demo.DemoKafka;
import dev.flinfer.jobs.local.EmbeddedKafka;
import dev.flinfer.lifecycle.ModelEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code bench swap}: a text-embedding job on a two-version repository (MiniLM fp32 as version 1,
 * int8 as version 2) under a paced load, told over its control topic to serve version 2 and then
 * version 1 again. Each swap's figures: time from the command to the first record on the new
 * version, the load and warm-up inside the job (from its events), the longest gap between outputs
 * and the output rate while it swaps against the steady state before, and whether input order ever
 * sees the old version after the new one. The model's own load and warm-up, outside the job, is
 * measured beforehand: the swap's cost is compared with it.
 */
final class SwapRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "encoder";
    private static final long BIN_MS = 500;

    /** A swap's figures are taken from its command to this long after its first new record. */
    private static final long WINDOW_MS = 2 * BIN_MS;

    /**
     * @param rate offered records per second
     * @param steadyMs time measured before each command (the steady state), and after each first
     *     record on the new version before the next command
     */
    record Settings(double rate, long steadyMs, long maxLatencyMs) {}

    /**
     * One swap: from {@code from} to {@code to}; {@code standaloneLoadMs} is the load and warm-up
     * of {@code to} alone on an idle machine, {@code loadBesideJobMs} the same while the job runs.
     */
    record Swap(
            int from,
            int to,
            long commandToFirstRecordMs,
            long loadInJobMs,
            long standaloneLoadMs,
            long loadBesideJobMs,
            long maxGapMs,
            long steadyMaxGapMs,
            double minRatePerSecond,
            double steadyRatePerSecond,
            long p99LatencyMs,
            long steadyP99LatencyMs,
            int oldAfterNew) {}

    /** Everything {@code bench swap} measured. */
    record Figures(
            double offeredRate,
            long maxLatencyMs,
            double meanBatchSize,
            double inferenceMsPerBatch,
            int records,
            List<Swap> swaps) {

        /** The longest output gap the issue allows: two max-latency intervals and one batch. */
        double gapBoundMs() {
            return 2.0 * maxLatencyMs + inferenceMsPerBatch;
        }
    }

    /** An output record: when the consumer saw it, when it was sent, its number and version. */
    private record Arrival(long atMs, long sentMs, int number, int version) {}

    private final EmbeddedKafka kafka;
    private final EndToEndRun runs;

    SwapRun(EmbeddedKafka kafka, EndToEndRun runs) {
        this.kafka = kafka;
        this.runs = runs;
    }

    Figures run(JobOptions options, List<byte[]> values, Settings settings) throws Exception {
        Path repository = repository();
        System.out.printf(
                "%n== swap: %s versions 1 (fp32) and 2 (int8), %.0f records/s offered%n",
                repository, settings.rate());
        Map<Integer, Long> standalone = new TreeMap<>();
        for (int version : new int[] {1, 2}) {
            standalone.put(version, standaloneLoadMs(options, repository.resolve("" + version)));
        }
        String input = "swap-in-" + System.nanoTime();
        kafka.createTopic(input, 1);
        String output = runs.wire(options, input);
        String control = input + "-ctl";
        String events = input + "-events";
        kafka.createTopic(control, 1);
        kafka.createTopic(events, 1);
        String servers = "kafka://" + kafka.bootstrapServers() + "/";
        options.model = repository.resolve("1").toString();
        if (System.getenv("PLAIN") == null) {
            options.lifecycle.modelControl = servers + control;
            options.lifecycle.modelEvents = servers + events;
        }
        JobClient job = EndToEndRun.start(options);
        Map<Integer, Long> underLoad = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Arrival> arrivals = new ArrayList<>();
        long[] commands = new long[2];
        try (KafkaProducer<byte[], byte[]> producer = DemoKafka.producer(kafka);
                KafkaConsumer<byte[], byte[]> consumer = runs.consumer(output)) {
            Thread pacer = pace(producer, input, values, settings.rate(), stop);
            pacer.start();
            try {
                long deadline = System.nanoTime() + EndToEndRun.PATIENCE.toNanos();
                // warm-up: as long again as the steady window, after the first output
                readUntil(consumer, arrivals, a -> !a.isEmpty(), deadline, options);
                long warm = arrivals.get(0).atMs() + 2 * settings.steadyMs();
                readUntil(consumer, arrivals, a -> now() >= warm, deadline, options);
                // the same opens beside the running job, which loads share the cores with
                Thread beside =
                        new Thread(
                                () -> {
                                    for (int version : new int[] {1, 2}) {
                                        underLoad.put(
                                                version,
                                                standaloneLoadMs(
                                                        options, repository.resolve("" + version)));
                                    }
                                },
                                "flinfer-bench-swap-loads");
                beside.start();
                readUntil(consumer, arrivals, a -> !beside.isAlive(), deadline, options);
                long calm = now() + settings.steadyMs();
                readUntil(consumer, arrivals, a -> now() >= calm, deadline, options);
                int[] to = {2, 1};
                for (int i = 0; i < to.length; i++) {
                    commands[i] = command(producer, control, to[i]);
                    int version = to[i];
                    readUntil(
                            consumer,
                            arrivals,
                            a -> a.get(a.size() - 1).version() == version,
                            deadline,
                            options);
                    // the next command waits until this swap's window (to WINDOW_MS after
                    // its first record) is over
                    long settled = now() + Math.max(settings.steadyMs(), 2 * WINDOW_MS);
                    readUntil(consumer, arrivals, a -> now() >= settled, deadline, options);
                }
            } finally {
                stop.set(true);
                pacer.join();
            }
            List<JsonNode> loads = events(events);
            List<Swap> swaps = new ArrayList<>();
            for (int i = 0; i < commands.length; i++) {
                int from = i == 0 ? 1 : 2;
                int to = i == 0 ? 2 : 1;
                swaps.add(
                        swap(
                                arrivals,
                                loads,
                                commands[i],
                                new int[] {from, to},
                                new long[] {standalone.get(to), underLoad.get(to)},
                                settings));
            }
            return new Figures(
                    settings.rate(),
                    settings.maxLatencyMs(),
                    BenchMetrics.mean("batchSize"),
                    BenchMetrics.mean("inferenceMicros") / 1000,
                    arrivals.size(),
                    swaps);
        } finally {
            job.cancel().get();
        }
    }

    /** The figures of the swap commanded at {@code commandMs}. */
    private static Swap swap(
            List<Arrival> arrivals,
            List<JsonNode> events,
            long commandMs,
            int[] fromTo,
            long[] loadsMs,
            Settings settings) {
        int from = fromTo[0];
        int to = fromTo[1];
        long first =
                arrivals.stream()
                        .filter(a -> a.atMs() >= commandMs && a.version() == to)
                        .mapToLong(Arrival::atMs)
                        .min()
                        .orElseThrow();
        long end = first + WINDOW_MS;
        long steadyFrom = commandMs - settings.steadyMs();
        List<Arrival> during = window(arrivals, commandMs, end);
        List<Arrival> steady = window(arrivals, steadyFrom, commandMs);
        // in input order, an old-version record after the first new one breaks the cut
        int newest = Integer.MIN_VALUE;
        int oldAfterNew = 0;
        List<Arrival> byNumber = new ArrayList<>(window(arrivals, steadyFrom, end));
        byNumber.sort((a, b) -> Integer.compare(a.number(), b.number()));
        for (Arrival a : byNumber) {
            if (a.version() == to) {
                newest = Math.max(newest, a.number());
            } else if (a.version() == from && a.number() > newest && newest != Integer.MIN_VALUE) {
                oldAfterNew++;
            }
        }
        return new Swap(
                from,
                to,
                first - commandMs,
                loadInJob(events, to, commandMs),
                loadsMs[0],
                loadsMs[1],
                maxGap(during, commandMs, end),
                maxGap(steady, steadyFrom, commandMs),
                minRate(during, commandMs, end),
                steady.size() * 1000.0 / settings.steadyMs(),
                p99(during),
                p99(steady),
                oldAfterNew);
    }

    /**
     * From the job's {@code model-loading} to its {@code model-served} event for {@code version}
     * after {@code commandMs}: loading, checks and warm-up beside the serving version.
     */
    private static long loadInJob(List<JsonNode> events, int version, long commandMs) {
        long loading = -1;
        for (JsonNode e : events) {
            long time = e.path("time").asLong();
            if (e.path("version").asInt() != version || time < commandMs) {
                continue;
            }
            String type = e.path("event").asText();
            if (type.equals(ModelEvent.LOADING) && loading < 0) {
                loading = time;
            } else if (type.equals(ModelEvent.SERVED) && loading >= 0) {
                return time - loading;
            }
        }
        return -1;
    }

    private static List<Arrival> window(List<Arrival> arrivals, long fromMs, long toMs) {
        return arrivals.stream().filter(a -> a.atMs() >= fromMs && a.atMs() < toMs).toList();
    }

    /** The longest time without output in [fromMs, toMs), its ends included. */
    private static long maxGap(List<Arrival> arrivals, long fromMs, long toMs) {
        long previous = fromMs;
        long gap = 0;
        for (Arrival a : arrivals) {
            gap = Math.max(gap, a.atMs() - previous);
            previous = a.atMs();
        }
        return Math.max(gap, toMs - previous);
    }

    /**
     * The lowest output rate over whole bins of {@link #BIN_MS} in [fromMs, toMs) (one bin of the
     * whole window when it is shorter).
     */
    private static double minRate(List<Arrival> arrivals, long fromMs, long toMs) {
        long bin = Math.min(BIN_MS, Math.max(1, toMs - fromMs));
        int bins = (int) ((toMs - fromMs) / bin);
        int[] counts = new int[Math.max(1, bins)];
        for (Arrival a : arrivals) {
            int index = (int) ((a.atMs() - fromMs) / bin);
            if (index >= 0 && index < counts.length) {
                counts[index]++;
            }
        }
        return Arrays.stream(counts).min().orElse(0) * 1000.0 / bin;
    }

    private static long p99(List<Arrival> arrivals) {
        long[] latencies = arrivals.stream().mapToLong(a -> a.atMs() - a.sentMs()).toArray();
        Arrays.sort(latencies);
        return latencies.length == 0 ? 0 : DemoKafka.percentile(latencies, 0.99);
    }

    /**
     * The median of three opens of {@code version} as the job opens a model: read, checked and
     * warmed up, on this thread, without a job ({@code options} are left pointing at it).
     */
    private static synchronized long standaloneLoadMs(JobOptions options, Path version) {
        options.model = version.toString();
        long[] ms = new long[3];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            try (BatchTask<?, ?, ?, ?> task = FlinferJob.stage(options).factory().open()) {
                ms[i] = (System.nanoTime() - start) / 1_000_000;
            }
        }
        System.out.printf("   %s opened outside the job: %s ms%n", version, Arrays.toString(ms));
        Arrays.sort(ms);
        return ms[1];
    }

    /** The bundled MiniLM in fp32 and int8 as versions 1 and 2 of {@code encoder}. */
    private static Path repository() throws IOException {
        Path model =
                Path.of(
                        System.getProperty("java.io.tmpdir"),
                        "flinfer-bench-models",
                        "swap-repository",
                        MODEL);
        copy("all-minilm-l6-v2", model.resolve("1"));
        copy("all-minilm-l6-v2-int8", model.resolve("2"));
        return model;
    }

    private static void copy(String bundled, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(ModelCatalog.resolve(bundled).directory())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(file.getFileName().toString());
                if (Files.isRegularFile(file) && !Files.exists(copy)) {
                    Files.copy(file, copy);
                }
            }
        }
    }

    /** Sends {@code serve version} and returns when it was acknowledged. */
    private static long command(KafkaProducer<byte[], byte[]> producer, String topic, int version)
            throws Exception {
        String json = "{\"model\": \"" + MODEL + "\", \"serve\": " + version + "}";
        producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8))).get();
        return now();
    }

    /** Offers {@code values} at {@code rate} per second until {@code stop}; keys count up. */
    private static Thread pace(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            List<byte[]> values,
            double rate,
            AtomicBoolean stop) {
        return new Thread(
                () -> {
                    long start = System.nanoTime();
                    for (int i = 0; !stop.get(); i++) {
                        long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                        if (wait > 0) {
                            try {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        null,
                                        System.currentTimeMillis(),
                                        EndToEndRun.key(i),
                                        values.get(i % values.size())));
                    }
                    producer.flush();
                },
                "flinfer-bench-swap-pacer");
    }

    private interface Until {
        boolean reached(List<Arrival> arrivals);
    }

    private static void readUntil(
            KafkaConsumer<byte[], byte[]> consumer,
            List<Arrival> arrivals,
            Until until,
            long deadline,
            JobOptions options)
            throws IOException {
        while (arrivals.isEmpty() || !until.reached(arrivals)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                JsonNode version = JSON.readTree(record.value()).findValue("model_version");
                arrivals.add(
                        new Arrival(
                                now(),
                                record.timestamp(),
                                Integer.parseInt(new String(record.key(), StandardCharsets.UTF_8)),
                                version == null ? 0 : version.asInt()));
            }
            EndToEndRun.checkDeadline(deadline, arrivals.size(), arrivals.size() + 1, options);
        }
    }

    /** The job's lifecycle events, read to their end. */
    private List<JsonNode> events(String topic) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = runs.consumer(topic)) {
            long quietSince = now();
            while (now() - quietSince < 1000) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    events.add(JSON.readTree(record.value()));
                    quietSince = now();
                }
            }
        }
        return events;
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
