package dev.flinfer.jobs.bench;

import dev.flinfer.jobs.JobOptions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one benchmark workload runs on, and the figures it produced.
 *
 * @param name e.g. {@code text-short}
 * @param task the job's {@code --task}
 * @param model model name or bundle directory
 * @param values the Kafka record values offered to the job
 * @param texts the texts, for the raw measurement of text workloads (null for images)
 */
record Workload(
        String name, JobOptions.Task task, String model, List<byte[]> values, List<String> texts) {

    boolean isText() {
        return texts != null;
    }

    /** Everything measured for a workload. */
    record Figures(
            String name,
            String model,
            String unit,
            double meanTokens,
            List<RawThroughput.Point> raw,
            Map<Integer, EndToEndRun.Result> endToEnd,
            Map<Integer, EndToEndRun.Result> fifo,
            EndToEndRun.Result perRecord,
            EndToEndRun.Latency latency,
            int latencyBatchSize) {

        Figures(String name, String model, String unit, double meanTokens) {
            this(
                    name,
                    model,
                    unit,
                    meanTokens,
                    new java.util.ArrayList<>(),
                    new TreeMap<>(),
                    new TreeMap<>(),
                    null,
                    null,
                    0);
        }

        Figures withPerRecord(EndToEndRun.Result result) {
            return new Figures(
                    name,
                    model,
                    unit,
                    meanTokens,
                    raw,
                    endToEnd,
                    fifo,
                    result,
                    latency,
                    latencyBatchSize);
        }

        Figures withLatency(EndToEndRun.Latency result, int batchSize) {
            return new Figures(
                    name,
                    model,
                    unit,
                    meanTokens,
                    raw,
                    endToEnd,
                    fifo,
                    perRecord,
                    result,
                    batchSize);
        }

        RawThroughput.Point bestRaw() {
            return raw.stream()
                    .max((a, b) -> Double.compare(a.perSecond(), b.perSecond()))
                    .orElse(null);
        }

        /** The max batch size with the best end-to-end throughput, or 0. */
        int bestEndToEndBatchSize() {
            return endToEnd.entrySet().stream()
                    .max(
                            (a, b) ->
                                    Double.compare(
                                            a.getValue().perSecond(), b.getValue().perSecond()))
                    .map(Map.Entry::getKey)
                    .orElse(0);
        }

        RawThroughput.Point raw(int batchSize) {
            return raw.stream().filter(p -> p.batchSize() == batchSize).findFirst().orElse(null);
        }
    }
}
