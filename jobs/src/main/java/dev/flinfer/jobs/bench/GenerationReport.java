package dev.flinfer.jobs.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** {@code bench generation}'s figures as a table, as JSON with its targets, and as a chart. */
final class GenerationReport {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final double TARGET_VS_STATIC = 1.5;
    private static final double TARGET_VS_ONE_AT_A_TIME = 2.0;
    private static final double TARGET_END_TO_END = 0.9;

    private GenerationReport() {}

    static void print(GenerationFigures f) {
        System.out.printf(
                "%ngeneration (%s, %d records, %.1f prompt tokens mean, max %d new tokens; tokens"
                        + " = new tokens + the EOS token where a generation ends at it)%n",
                f.model, f.records, f.meanPromptTokens, f.maxNewTokens);
        System.out.printf(
                "  %-34s %5s %10s %9s %10s %10s %9s %8s %8s %5s%n",
                "mode",
                "batch",
                "tokens/s",
                "records/s",
                "ttft p50",
                "ttft p99",
                "live/step",
                "ms/step",
                "tokens",
                "eos");
        for (GenerationFigures.Mode m : f.modes()) {
            System.out.printf(
                    "  %-34s %5d %10.1f %9.1f %7.2f ms %7.2f ms %9.2f %8.3f %8d %5d%n",
                    "in process, " + m.name(),
                    m.batchSize(),
                    m.tokensPerSecond(),
                    m.recordsPerSecond(),
                    m.firstTokenP50Ms(),
                    m.firstTokenP99Ms(),
                    m.meanLiveRows(),
                    m.msPerStep(),
                    m.tokens(),
                    m.eos());
        }
        if (!f.engine.isEmpty()) {
            System.out.println(
                    "  * through the BatchingEngine in process: its ttft columns hold record"
                            + " latency, submit to outcome; ms/step is join + step");
        }
        for (GenerationFigures.EndToEnd e : f.endToEnd.values()) {
            System.out.printf(
                    "  %-34s %5d %10.1f %9.1f  latency p50 %d ms, p99 %d ms, max %d ms; first output"
                            + " after %.0f ms; %.2f live per step, %.3f ms per step (join + step);"
                            + " %d tokens%n",
                    "Kafka to Kafka, continuous",
                    e.batchSize(),
                    e.tokensPerSecond(),
                    e.recordsPerSecond(),
                    e.latencyP50Ms(),
                    e.latencyP99Ms(),
                    e.latencyMaxMs(),
                    e.firstOutputMs(),
                    e.meanBatchSize(),
                    e.msPerStep(),
                    e.tokens());
        }
        for (ObjectNode r : ratios(f)) {
            System.out.printf(
                    "  batch %d, tokens/s: continuous / static x%.2f (target %.1f), continuous /"
                            + " one at a time x%.2f (target %.1f), end to end / continuous %.2f"
                            + " (target %.1f)%n",
                    r.get("batch_size").asInt(),
                    r.path("continuous_vs_static").asDouble(Double.NaN),
                    TARGET_VS_STATIC,
                    r.path("continuous_vs_one_at_a_time").asDouble(Double.NaN),
                    TARGET_VS_ONE_AT_A_TIME,
                    r.path("end_to_end_vs_continuous").asDouble(Double.NaN),
                    TARGET_END_TO_END);
            if (r.has("engine_vs_continuous")) {
                System.out.printf(
                        "  batch %d, tokens/s: engine in process / loop %.2f, end to end / engine"
                                + " %.2f%n",
                        r.get("batch_size").asInt(),
                        r.get("engine_vs_continuous").asDouble(),
                        r.path("end_to_end_vs_engine").asDouble(Double.NaN));
            }
        }
    }

    static ObjectNode json(GenerationFigures f) {
        ObjectNode g = JSON.objectNode();
        g.put("model", f.model);
        g.put("records", f.records);
        g.put("mean_prompt_tokens", f.meanPromptTokens);
        g.put("max_new_tokens", f.maxNewTokens);
        g.put("decoding", "greedy");
        g.put("inference_workers", 1);
        g.put(
                "tokens_counted",
                "chosen tokens: Generated.tokens() plus 1 when finish_reason is eos");
        if (f.oneAtATime != null) {
            g.set("one_at_a_time", mode(f.oneAtATime));
        }
        ArrayNode batched = g.putArray("static_batching");
        f.staticBatching.values().forEach(m -> batched.add(mode(m)));
        ArrayNode continuous = g.putArray("continuous_batching");
        f.continuous.values().forEach(m -> continuous.add(mode(m)));
        ArrayNode engine = g.putArray("engine_continuous_batching");
        f.engine
                .values()
                .forEach(
                        m ->
                                engine.add(
                                        mode(m).put(
                                                        "note",
                                                        "time_to_first_token fields hold record"
                                                                + " latency, submit to outcome")));
        ArrayNode endToEnd = g.putArray("end_to_end");
        for (GenerationFigures.EndToEnd e : f.endToEnd.values()) {
            endToEnd.addObject()
                    .put("max_batch_size", e.batchSize())
                    .put("records", e.records())
                    .put("tokens", e.tokens())
                    .put("seconds", e.seconds())
                    .put("tokens_per_second", e.tokensPerSecond())
                    .put("records_per_second", e.recordsPerSecond())
                    .put("latency_p50_ms", e.latencyP50Ms())
                    .put("latency_p99_ms", e.latencyP99Ms())
                    .put("latency_max_ms", e.latencyMaxMs())
                    .put("first_output_ms", e.firstOutputMs())
                    .put("mean_live_sequences_per_step", e.meanBatchSize())
                    .put("ms_per_step_join_and_step", e.msPerStep());
        }
        ArrayNode ratios = g.putArray("ratios");
        ratios(f).forEach(ratios::add);
        return g;
    }

    /** The targets at the largest batch size measured. */
    static ObjectNode targets(GenerationFigures f) {
        ObjectNode targets = JSON.objectNode();
        List<ObjectNode> all = ratios(f);
        if (all.isEmpty()) {
            return targets;
        }
        ObjectNode r = all.get(all.size() - 1);
        target(targets, r, "continuous_vs_static", TARGET_VS_STATIC);
        target(targets, r, "continuous_vs_one_at_a_time", TARGET_VS_ONE_AT_A_TIME);
        target(targets, r, "end_to_end_vs_continuous", TARGET_END_TO_END);
        return targets;
    }

    private static void target(ObjectNode targets, ObjectNode ratios, String name, double target) {
        if (ratios.has(name)) {
            double ratio = ratios.get(name).asDouble();
            targets.putObject("generation_" + name)
                    .put("batch_size", ratios.get("batch_size").asInt())
                    .put("ratio", ratio)
                    .put("target", target)
                    .put("met", ratio >= target);
        }
    }

    private static List<ObjectNode> ratios(GenerationFigures f) {
        List<ObjectNode> ratios = new ArrayList<>();
        for (int size : f.continuous.keySet()) {
            GenerationFigures.Mode c = f.continuous.get(size);
            ObjectNode r = JSON.objectNode().put("batch_size", size);
            if (f.staticBatching.containsKey(size)) {
                r.put(
                        "continuous_vs_static",
                        c.tokensPerSecond() / f.staticBatching.get(size).tokensPerSecond());
            }
            if (f.oneAtATime != null) {
                r.put(
                        "continuous_vs_one_at_a_time",
                        c.tokensPerSecond() / f.oneAtATime.tokensPerSecond());
            }
            if (f.endToEnd.containsKey(size)) {
                r.put(
                        "end_to_end_vs_continuous",
                        f.endToEnd.get(size).tokensPerSecond() / c.tokensPerSecond());
            }
            if (f.engine.containsKey(size)) {
                double engine = f.engine.get(size).tokensPerSecond();
                r.put("engine_vs_continuous", engine / c.tokensPerSecond());
                if (f.endToEnd.containsKey(size)) {
                    r.put("end_to_end_vs_engine", f.endToEnd.get(size).tokensPerSecond() / engine);
                }
            }
            ratios.add(r);
        }
        return ratios;
    }

    private static ObjectNode mode(GenerationFigures.Mode m) {
        return JSON.objectNode()
                .put("batch_size", m.batchSize())
                .put("records", m.records())
                .put("tokens", m.tokens())
                .put("text_tokens", m.textTokens())
                .put("ended_at_eos", m.eos())
                .put("seconds", m.seconds())
                .put("tokens_per_second", m.tokensPerSecond())
                .put("records_per_second", m.recordsPerSecond())
                .put("time_to_first_token_p50_ms", m.firstTokenP50Ms())
                .put("time_to_first_token_p99_ms", m.firstTokenP99Ms())
                .put("mean_live_sequences_per_step", m.meanLiveRows())
                .put("ms_per_step", m.msPerStep())
                .put("prompt_call_seconds", m.joinSeconds());
    }

    /** Tokens per second by max batch size, a bar per way of running. */
    static void chart(Path png, GenerationFigures f) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(800)
                        .height(500)
                        .title(
                                "generation ("
                                        + f.model
                                        + ", greedy, "
                                        + f.records
                                        + " records): ONNX Runtime in process, and Flinfer Kafka to Kafka")
                        .xAxisTitle("max batch size")
                        .yAxisTitle("tokens per second")
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        List<String> sizes = f.continuous.keySet().stream().map(String::valueOf).toList();
        if (sizes.isEmpty()) {
            return;
        }
        if (f.oneAtATime != null) {
            double one = f.oneAtATime.tokensPerSecond();
            chart.addSeries("one at a time", sizes, sizes.stream().map(s -> one).toList());
        }
        chart.addSeries(
                "static batches",
                sizes,
                f.continuous.keySet().stream().map(s -> bar(f.staticBatching.get(s))).toList());
        chart.addSeries(
                "continuous batching",
                sizes,
                f.continuous.values().stream().map(m -> m.tokensPerSecond()).toList());
        chart.addSeries(
                "Kafka to Kafka",
                sizes,
                f.continuous.keySet().stream()
                        .map(
                                s ->
                                        f.endToEnd.containsKey(s)
                                                ? f.endToEnd.get(s).tokensPerSecond()
                                                : 0.0)
                        .toList());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double bar(GenerationFigures.Mode mode) {
        return mode == null ? 0.0 : mode.tokensPerSecond();
    }
}
