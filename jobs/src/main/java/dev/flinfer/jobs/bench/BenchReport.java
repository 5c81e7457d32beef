package dev.flinfer.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The benchmark's figures as a table on stdout and as JSON, and the targets checked on them. */
final class BenchReport {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private BenchReport() {}

    static void print(Workload.Figures f, long maxLatencyMs) {
        System.out.printf(
                "%n%s (%s%s)%n",
                f.name(),
                f.model(),
                f.meanTokens() > 0 ? String.format(", %.1f tokens per text", f.meanTokens()) : "");
        System.out.printf(
                "  %-6s %12s %9s %12s %12s %7s %9s %8s %9s %10s %9s %9s %6s%n",
                "batch",
                "raw/s",
                "raw ms",
                "raw 1-run/s",
                "e2e/s",
                "e2e/raw",
                "mean bat",
                "padding",
                "queue ms",
                "prep ms",
                "infer ms",
                "post ms",
                "jit %");
        for (int i = 0; i < f.raw().size(); i++) {
            RawThroughput.Point raw = f.raw().get(i);
            RawThroughput.Point oneRun =
                    i < f.rawOneRunAtATime().size() ? f.rawOneRunAtATime().get(i) : null;
            double limit = f.limit(raw.batchSize());
            EndToEndRun.Result e2e = f.endToEnd().get(raw.batchSize());
            System.out.printf(
                    "  %-6d %12.1f %9.1f %12s %s%n",
                    raw.batchSize(),
                    raw.perSecond(),
                    raw.msPerBatch(),
                    oneRun == null ? "-" : String.format("%.1f", oneRun.perSecond()),
                    e2e == null
                            ? "           (not run end to end)"
                            : String.format(
                                    "%12.1f %7.2f %9.1f %8.3f %9.2f %10.3f %9.1f %9.3f %6.1f",
                                    e2e.perSecond(),
                                    e2e.perSecond() / limit,
                                    e2e.meanBatchSize(),
                                    e2e.paddingRatio(),
                                    e2e.queueMs(),
                                    e2e.preprocessMs(),
                                    e2e.inferenceMsPerBatch(),
                                    e2e.postprocessMs(),
                                    e2e.jitPercent()));
        }
        if (!f.rawSorted().isEmpty() && !f.endToEnd().isEmpty()) {
            RawThroughput.Point sorted = RawThroughput.best(f.rawSorted());
            double e2e = f.endToEnd().get(f.bestEndToEndBatchSize()).perSecond();
            System.out.printf(
                    "  raw on texts sorted by length (the limit for bucketing): %.1f/s at batch %d;"
                            + " end to end best %.1f/s: %.2f of it%n",
                    sorted.perSecond(), sorted.batchSize(), e2e, e2e / sorted.perSecond());
        }
        for (Map.Entry<Integer, EndToEndRun.Result> fifo : f.fifo().entrySet()) {
            EndToEndRun.Result bucketed = f.endToEnd().get(fifo.getKey());
            System.out.printf(
                    "  batch %d without length buckets: %.1f/s (padding %.3f); with: %.1f/s"
                            + " (padding %.3f): x%.2f%n",
                    fifo.getKey(),
                    fifo.getValue().perSecond(),
                    fifo.getValue().paddingRatio(),
                    bucketed.perSecond(),
                    bucketed.paddingRatio(),
                    bucketed.perSecond() / fifo.getValue().perSecond());
        }
        if (f.perRecord() != null) {
            System.out.printf("  per-record map: %.1f/s%n", f.perRecord().perSecond());
        }
        if (f.latency() != null) {
            EndToEndRun.Latency l = f.latency();
            System.out.printf(
                    "  latency at %.1f/s offered (max batch %d, %d records): p50 %d ms, p99 %d ms,"
                            + " max %d ms; bound %.0f ms%n",
                    l.offeredRate(),
                    f.latencyBatchSize(),
                    l.records(),
                    l.p50Ms(),
                    l.p99Ms(),
                    l.maxMs(),
                    latencyBound(f, maxLatencyMs));
        }
    }

    /** max latency + 2 x the raw inference time of a full batch of the latency run's size. */
    static double latencyBound(Workload.Figures f, long maxLatencyMs) {
        RawThroughput.Point raw = f.raw(f.latencyBatchSize());
        return raw == null ? Double.NaN : maxLatencyMs + 2 * raw.msPerBatch();
    }

    static ObjectNode json(
            List<Workload.Figures> all, int workers, int threads, long maxLatencyMs) {
        ObjectNode root = JSON.objectNode();
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        ObjectNode settings = root.putObject("settings");
        settings.put("inference_workers", workers);
        settings.put("intra_op_threads", threads);
        settings.put("max_latency_ms", maxLatencyMs);
        settings.put("device", "cpu");
        settings.put("delivery", "at-least-once");
        ArrayNode workloads = root.putArray("workloads");
        for (Workload.Figures f : all) {
            ObjectNode w = workloads.addObject();
            w.put("name", f.name());
            w.put("model", f.model());
            w.put("unit", f.unit());
            if (f.meanTokens() > 0) {
                w.put("mean_tokens", f.meanTokens());
            }
            w.set("raw", points(f.raw()));
            if (!f.rawOneRunAtATime().isEmpty()) {
                w.set("raw_one_run_at_a_time", points(f.rawOneRunAtATime()));
            }
            if (!f.rawSorted().isEmpty()) {
                w.set("raw_sorted_by_length", points(f.rawSorted()));
            }
            w.set("end_to_end", results(f.endToEnd(), f));
            if (!f.fifo().isEmpty()) {
                w.set("end_to_end_without_length_buckets", results(f.fifo(), f));
            }
            if (f.perRecord() != null) {
                w.putObject("per_record").put("per_second", f.perRecord().perSecond());
            }
            if (f.latency() != null) {
                EndToEndRun.Latency l = f.latency();
                w.putObject("latency")
                        .put("max_batch_size", f.latencyBatchSize())
                        .put("offered_per_second", l.offeredRate())
                        .put("records", l.records())
                        .put("p50_ms", l.p50Ms())
                        .put("p99_ms", l.p99Ms())
                        .put("max_ms", l.maxMs())
                        .put("bound_ms", latencyBound(f, maxLatencyMs));
            }
        }
        root.set("targets", targets(all, maxLatencyMs));
        return root;
    }

    private static ArrayNode points(List<RawThroughput.Point> points) {
        ArrayNode array = JSON.arrayNode();
        points.forEach(
                p ->
                        array.addObject()
                                .put("batch_size", p.batchSize())
                                .put("per_second", p.perSecond())
                                .put("ms_per_batch", p.msPerBatch()));
        return array;
    }

    private static ArrayNode results(Map<Integer, EndToEndRun.Result> results, Workload.Figures f) {
        ArrayNode array = JSON.arrayNode();
        results.forEach(
                (size, r) -> {
                    ObjectNode o = array.addObject();
                    o.put("max_batch_size", size);
                    o.put("per_second", r.perSecond());
                    double limit = f.limit(size);
                    if (!Double.isNaN(limit)) {
                        o.put("ratio_to_raw", r.perSecond() / limit);
                    }
                    o.put("mean_batch_size", r.meanBatchSize());
                    o.put("padding_ratio", r.paddingRatio());
                    o.put("queue_ms", r.queueMs());
                    o.put("preprocess_ms_per_record", r.preprocessMs());
                    o.put("inference_ms_per_batch", r.inferenceMsPerBatch());
                    o.put("postprocess_ms_per_record", r.postprocessMs());
                    o.put("jit_percent_of_a_core", r.jitPercent());
                });
        return array;
    }

    /** The targets, on text-short (and text-mix for length buckets). */
    private static ObjectNode targets(List<Workload.Figures> all, long maxLatencyMs) {
        ObjectNode targets = JSON.objectNode();
        for (Workload.Figures f : all) {
            if (f.name().equals("text-short") && f.bestRaw() != null && !f.endToEnd().isEmpty()) {
                double raw = f.bestRaw().perSecond();
                double e2e = f.endToEnd().get(f.bestEndToEndBatchSize()).perSecond();
                targets.putObject("end_to_end_vs_best_raw")
                        .put("ratio", e2e / raw)
                        .put("target", 0.9)
                        .put("met", e2e / raw >= 0.9);
                if (f.perRecord() != null) {
                    double ratio = e2e / f.perRecord().perSecond();
                    targets.putObject("end_to_end_vs_per_record")
                            .put("ratio", ratio)
                            .put("target", 2.5)
                            .put("met", ratio >= 2.5);
                }
                if (f.latency() != null) {
                    double bound = latencyBound(f, maxLatencyMs);
                    targets.putObject("p99_latency_at_half_rate")
                            .put("p99_ms", f.latency().p99Ms())
                            .put("bound_ms", bound)
                            .put("met", f.latency().p99Ms() <= bound);
                }
            }
            if (f.name().equals("text-mix") && !f.fifo().isEmpty()) {
                ObjectNode gains = targets.putObject("length_buckets_on_mix");
                if (!f.rawSorted().isEmpty()) {
                    gains.put(
                            "end_to_end_vs_length_sorted_raw",
                            f.endToEnd().get(f.bestEndToEndBatchSize()).perSecond()
                                    / RawThroughput.best(f.rawSorted()).perSecond());
                }
                f.fifo()
                        .forEach(
                                (size, fifo) ->
                                        gains.put(
                                                "x_at_batch_" + size,
                                                f.endToEnd().get(size).perSecond()
                                                        / fifo.perSecond()));
            }
        }
        return targets;
    }

    static void printTargets(JsonNode root) {
        System.out.println();
        System.out.println("Targets: " + root.get("targets").toPrettyString());
    }
}
