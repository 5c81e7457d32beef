package dev.flinfer.jobs.bench;

import dev.flinfer.jobs.JobOptions;
import java.util.ArrayList;
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

    /** Everything measured for a workload, filled in as the benchmark goes. */
    static final class Figures {
        private final String name;
        private final String model;
        private final String unit;
        private final double meanTokens;
        private final List<RawThroughput.Point> raw = new ArrayList<>();
        private final List<RawThroughput.Point> rawOneRunAtATime = new ArrayList<>();
        private final List<RawThroughput.Point> rawSorted = new ArrayList<>();
        private final Map<Integer, EndToEndRun.Result> endToEnd = new TreeMap<>();
        private final Map<Integer, EndToEndRun.Result> fifo = new TreeMap<>();
        private EndToEndRun.Result perRecord;
        private EndToEndRun.Latency latency;
        private int latencyBatchSize;

        Figures(String name, String model, String unit, double meanTokens) {
            this.name = name;
            this.model = model;
            this.unit = unit;
            this.meanTokens = meanTokens;
        }

        String name() {
            return name;
        }

        String model() {
            return model;
        }

        String unit() {
            return unit;
        }

        double meanTokens() {
            return meanTokens;
        }

        /** Raw ONNX Runtime with the engine's layout (workers x intra-op threads). */
        List<RawThroughput.Point> raw() {
            return raw;
        }

        /**
         * Raw ONNX Runtime with one run at a time on all the workers' threads (empty when the
         * engine has one worker: then it is {@link #raw}).
         */
        List<RawThroughput.Point> rawOneRunAtATime() {
            return rawOneRunAtATime;
        }

        /**
         * Raw ONNX Runtime on batches of texts sorted by length (text-mix only): the limit for
         * length bucketing. Not part of {@link #bestRaw}, which is the limit on the texts as they
         * come.
         */
        List<RawThroughput.Point> rawSorted() {
            return rawSorted;
        }

        /** By max batch size. */
        Map<Integer, EndToEndRun.Result> endToEnd() {
            return endToEnd;
        }

        /** Without length buckets, by max batch size. */
        Map<Integer, EndToEndRun.Result> fifo() {
            return fifo;
        }

        EndToEndRun.Result perRecord() {
            return perRecord;
        }

        void perRecord(EndToEndRun.Result result) {
            this.perRecord = result;
        }

        EndToEndRun.Latency latency() {
            return latency;
        }

        int latencyBatchSize() {
            return latencyBatchSize;
        }

        void latency(EndToEndRun.Latency result, int batchSize) {
            this.latency = result;
            this.latencyBatchSize = batchSize;
        }

        /** The best raw figure of either layout: the limit the end-to-end figure is held to. */
        RawThroughput.Point bestRaw() {
            return RawThroughput.best(bothLayouts());
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

        /** The better raw throughput of either layout at {@code batchSize}, or NaN. */
        double limit(int batchSize) {
            return bothLayouts().stream()
                    .filter(p -> p.batchSize() == batchSize)
                    .mapToDouble(RawThroughput.Point::perSecond)
                    .max()
                    .orElse(Double.NaN);
        }

        private List<RawThroughput.Point> bothLayouts() {
            List<RawThroughput.Point> both = new ArrayList<>(raw);
            both.addAll(rawOneRunAtATime);
            return both;
        }

        RawThroughput.Point raw(int batchSize) {
            return raw.stream().filter(p -> p.batchSize() == batchSize).findFirst().orElse(null);
        }
    }
}
