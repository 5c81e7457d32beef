package dev.flinfer.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code bench generation} measured: the in-process loops once one at a time and, per batch
 * size, static and continuous batching, and the text-generation job end to end through Kafka.
 */
final class GenerationFigures {

    /**
     * One way of running the records, over all of them.
     *
     * @param name e.g. {@code continuous batching}
     * @param batchSize the most sequences at once
     * @param records records run
     * @param tokens chosen tokens: new tokens plus the end-of-sequence token where there is one
     * @param textTokens new tokens in the texts ({@code Generated.tokens()}, EOS not counted)
     * @param eos records that ended at the end-of-sequence token (the others at max-new-tokens)
     * @param seconds from the first record's start to the last one's end
     * @param firstTokenP50Ms time to first token, median: the {@code join} (prompt call) that
     *     starts the record
     * @param firstTokenP99Ms the same, 99th percentile
     * @param meanLiveRows mean sequences live in a step
     * @param msPerStep mean time of a step (one token for every live sequence)
     * @param joinSeconds time spent in the prompts' calls
     */
    record Mode(
            String name,
            int batchSize,
            int records,
            long tokens,
            long textTokens,
            int eos,
            double seconds,
            double firstTokenP50Ms,
            double firstTokenP99Ms,
            double meanLiveRows,
            double msPerStep,
            double joinSeconds) {

        double tokensPerSecond() {
            return tokens / seconds;
        }

        double recordsPerSecond() {
            return records / seconds;
        }
    }

    /**
     * The job end to end: all records sent at once to the running job's input topic (after a
     * discarded pass of them), timed from the first send to the last output.
     *
     * @param seconds from the first send to the last output
     * @param firstOutputMs from the first send to the first output: the pipeline's fill time
     * @param latencyP50Ms a record's time from its send to its output, median
     * @param meanBatchSize mean live sequences per step, from the operator's metrics
     */
    record EndToEnd(
            int batchSize,
            int records,
            long tokens,
            double seconds,
            double firstOutputMs,
            long latencyP50Ms,
            long latencyP99Ms,
            long latencyMaxMs,
            double meanBatchSize,
            double msPerStep) {

        double tokensPerSecond() {
            return tokens / seconds;
        }

        double recordsPerSecond() {
            return records / seconds;
        }
    }

    final String model;
    final int maxNewTokens;
    final int records;
    final double meanPromptTokens;
    Mode oneAtATime;
    final Map<Integer, Mode> staticBatching = new TreeMap<>();
    final Map<Integer, Mode> continuous = new TreeMap<>();

    /** Through the engine in process; its time-to-first-token fields hold record latency. */
    final Map<Integer, Mode> engine = new TreeMap<>();

    final Map<Integer, EndToEnd> endToEnd = new TreeMap<>();

    GenerationFigures(String model, int maxNewTokens, int records, double meanPromptTokens) {
        this.model = model;
        this.maxNewTokens = maxNewTokens;
        this.records = records;
        this.meanPromptTokens = meanPromptTokens;
    }

    /** Every in-process mode, one at a time first. */
    List<Mode> modes() {
        List<Mode> modes = new ArrayList<>();
        if (oneAtATime != null) {
            modes.add(oneAtATime);
        }
        for (int size : staticBatching.keySet()) {
            modes.add(staticBatching.get(size));
            if (continuous.containsKey(size)) {
                modes.add(continuous.get(size));
            }
            if (engine.containsKey(size)) {
                modes.add(engine.get(size));
            }
        }
        return modes;
    }
}
