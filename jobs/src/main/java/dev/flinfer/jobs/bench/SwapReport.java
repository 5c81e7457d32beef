package dev.flinfer.jobs.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code bench swap}'s figures as a table, as JSON, and the targets on them. */
final class SwapReport {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A swap may cost at most this many times the model's own load and warm-up. */
    private static final double COST_TARGET = 2.0;

    private SwapReport() {}

    static void print(SwapRun.Figures f) {
        System.out.printf(
                "%nswap (%.0f records/s offered, mean batch %.1f, %.1f ms a batch; gap bound"
                        + " 2 x %d ms + one batch = %.1f ms)%n",
                f.offeredRate(),
                f.meanBatchSize(),
                f.inferenceMsPerBatch(),
                f.maxLatencyMs(),
                f.gapBoundMs());
        System.out.printf(
                "  %-6s %14s %12s %11s %7s %12s %7s %11s %11s %11s %9s %12s %10s%n",
                "swap",
                "cmd->first ms",
                "in-job load",
                "alone load",
                "cost x",
                "beside job",
                "cost x",
                "max gap ms",
                "steady gap",
                "min rate/s",
                "steady/s",
                "p99 (steady)",
                "old after");
        for (SwapRun.Swap s : f.swaps()) {
            System.out.printf(
                    "  %-6s %14d %12d %11d %7.2f %12d %7.2f %11d %11d %11.0f %9.0f %5d (%4d) %10d%n",
                    s.from() + "->" + s.to(),
                    s.commandToFirstRecordMs(),
                    s.loadInJobMs(),
                    s.standaloneLoadMs(),
                    cost(s),
                    s.loadBesideJobMs(),
                    costBesideJob(s),
                    s.maxGapMs(),
                    s.steadyMaxGapMs(),
                    s.minRatePerSecond(),
                    s.steadyRatePerSecond(),
                    s.p99LatencyMs(),
                    s.steadyP99LatencyMs(),
                    s.oldAfterNew());
        }
    }

    /**
     * The swap's time from command to first new record over the version's own load time, on an idle
     * machine.
     */
    private static double cost(SwapRun.Swap s) {
        return s.commandToFirstRecordMs() / (double) Math.max(1, s.standaloneLoadMs());
    }

    /** The same over the version's load time beside the running job (the same cores busy). */
    private static double costBesideJob(SwapRun.Swap s) {
        return s.commandToFirstRecordMs() / (double) Math.max(1, s.loadBesideJobMs());
    }

    static ObjectNode json(SwapRun.Figures f) {
        ObjectNode root =
                JSON.objectNode()
                        .put("offered_per_second", f.offeredRate())
                        .put("max_latency_ms", f.maxLatencyMs())
                        .put("mean_batch_size", f.meanBatchSize())
                        .put("inference_ms_per_batch", f.inferenceMsPerBatch())
                        .put("gap_bound_ms", f.gapBoundMs())
                        .put("records", f.records());
        for (SwapRun.Swap s : f.swaps()) {
            root.withArray("swaps")
                    .addObject()
                    .put("from", s.from())
                    .put("to", s.to())
                    .put("command_to_first_record_ms", s.commandToFirstRecordMs())
                    .put("load_in_job_ms", s.loadInJobMs())
                    .put("standalone_load_ms", s.standaloneLoadMs())
                    .put("cost_vs_standalone_load", cost(s))
                    .put("load_beside_job_ms", s.loadBesideJobMs())
                    .put("cost_vs_load_beside_job", costBesideJob(s))
                    .put("max_gap_ms", s.maxGapMs())
                    .put("steady_max_gap_ms", s.steadyMaxGapMs())
                    .put("min_per_second", s.minRatePerSecond())
                    .put("steady_per_second", s.steadyRatePerSecond())
                    .put("p99_latency_ms", s.p99LatencyMs())
                    .put("steady_p99_latency_ms", s.steadyP99LatencyMs())
                    .put("old_version_after_new", s.oldAfterNew());
        }
        return root;
    }

    /** The worst swap against each target. */
    static ObjectNode targets(SwapRun.Figures f) {
        long gap = f.swaps().stream().mapToLong(SwapRun.Swap::maxGapMs).max().orElse(0);
        double cost = f.swaps().stream().mapToDouble(SwapReport::cost).max().orElse(0);
        double beside = f.swaps().stream().mapToDouble(SwapReport::costBesideJob).max().orElse(0);
        ObjectNode targets = JSON.objectNode();
        targets.putObject("swap_max_output_gap")
                .put("max_gap_ms", gap)
                .put("bound_ms", f.gapBoundMs())
                .put("met", gap <= f.gapBoundMs());
        targets.putObject("swap_cost_vs_load_and_warm_up")
                .put("ratio", cost)
                .put("ratio_vs_load_beside_the_job", beside)
                .put("target", COST_TARGET)
                .put("met", cost <= COST_TARGET)
                .put("met_vs_load_beside_the_job", beside <= COST_TARGET);
        return targets;
    }
}
