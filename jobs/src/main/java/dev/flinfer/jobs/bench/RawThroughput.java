package dev.flinfer.jobs.bench;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.TensorInfo;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.session.ModelSession;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.session.TokenTensors;
import dev.flinfer.text.TextTokenizer;
import dev.flinfer.text.TokenBatch;
import dev.flinfer.text.TokenizedText;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limit: ONNX Runtime alone on inputs tokenized or decoded beforehand, the same session options
 * as the operator, timed around {@code session.run} only. With {@code workers} above 1, that many
 * threads run batches at once on the one session, as the engine's inference workers do.
 */
final class RawThroughput {
    /** Distinct batches cycled through, so a run does not see one input only. */
    private static final int DISTINCT_BATCHES = 4;

    /** One batch size's figures. */
    record Point(int batchSize, double perSecond, double msPerBatch) {}

    private RawThroughput() {}

    /** The point with the most per second, or null when there is none. */
    static Point best(List<Point> points) {
        return points.stream()
                .max((a, b) -> Double.compare(a.perSecond(), b.perSecond()))
                .orElse(null);
    }

    /**
     * Text encoder throughput on {@code texts}, batched in corpus order (padded as they come), or,
     * with {@code sortedByLength}, in batches of neighbours in length order, all of them, shuffled:
     * the least padding any batching can reach, so the limit for length bucketing.
     */
    static List<Point> text(
            ModelBundle bundle,
            List<String> texts,
            int[] batchSizes,
            int threads,
            int workers,
            double seconds,
            boolean sortedByLength)
            throws Exception {
        List<Point> points = new ArrayList<>();
        try (TextTokenizer tokenizer = TextTokenizer.open(bundle);
                ModelSession session = ModelSession.open(bundle, SessionSettings.cpu(threads))) {
            List<TokenizedText> tokens =
                    new ArrayList<>(texts.stream().map(tokenizer::tokenize).toList());
            if (sortedByLength) {
                tokens.sort(java.util.Comparator.comparingInt(TokenizedText::length));
            }
            long padId = bundle.config().path("pad_token_id").asLong(0);
            for (int batchSize : batchSizes) {
                List<Map<String, OnnxTensor>> feeds = new ArrayList<>();
                int batches = sortedByLength ? tokens.size() / batchSize : DISTINCT_BATCHES;
                for (int b = 0; b < batches; b++) {
                    List<TokenizedText> rows = new ArrayList<>();
                    for (int i = 0; i < batchSize; i++) {
                        rows.add(tokens.get((b * batchSize + i) % tokens.size()));
                    }
                    feeds.add(TokenTensors.feeds(session, TokenBatch.pad(rows, padId)));
                }
                if (sortedByLength) {
                    java.util.Collections.shuffle(feeds, new Random(batchSize));
                }
                points.add(time(session, feeds, batchSize, seconds, 2, workers));
            }
        }
        return points;
    }

    /** Image classifier throughput on random pixel tensors of the graph's input size. */
    static List<Point> images(
            ModelBundle bundle, int[] batchSizes, int threads, int workers, double seconds)
            throws Exception {
        List<Point> points = new ArrayList<>();
        try (ModelSession session = ModelSession.open(bundle, SessionSettings.cpu(threads))) {
            Map.Entry<String, NodeInfo> input = session.inputs().entrySet().iterator().next();
            long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
            int perImage = (int) (shape[1] * shape[2] * shape[3]);
            Random random = new Random(7);
            for (int batchSize : batchSizes) {
                List<Map<String, OnnxTensor>> feeds = new ArrayList<>();
                int distinct = batchSize >= 32 ? workers : Math.max(workers, DISTINCT_BATCHES);
                for (int b = 0; b < distinct; b++) {
                    float[] pixels = new float[batchSize * perImage];
                    for (int i = 0; i < pixels.length; i++) {
                        pixels[i] = random.nextFloat() * 2 - 1;
                    }
                    long[] batchShape = {batchSize, shape[1], shape[2], shape[3]};
                    Map<String, OnnxTensor> feed = new HashMap<>();
                    feed.put(
                            input.getKey(),
                            OnnxTensor.createTensor(
                                    session.environment(), FloatBuffer.wrap(pixels), batchShape));
                    feeds.add(feed);
                }
                points.add(time(session, feeds, batchSize, seconds, 1, workers));
            }
        }
        return points;
    }

    /**
     * One warm-up run per batch, then {@code workers} threads run batches until {@code seconds} and
     * at least {@code minRuns} runs. Milliseconds per batch are as one worker sees them.
     */
    private static Point time(
            ModelSession session,
            List<Map<String, OnnxTensor>> feeds,
            int batchSize,
            double seconds,
            int minRuns,
            int workers)
            throws Exception {
        try {
            for (Map<String, OnnxTensor> feed : feeds) {
                session.run(feed).close();
            }
            long budget = (long) (seconds * 1e9);
            AtomicInteger runs = new AtomicInteger();
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                for (int w = 0; w < workers; w++) {
                    int first = w;
                    running.add(
                            pool.submit(
                                    () -> {
                                        for (int i = first;
                                                runs.get() < minRuns
                                                        || System.nanoTime() - start < budget;
                                                i += workers) {
                                            session.run(feeds.get(i % feeds.size())).close();
                                            runs.incrementAndGet();
                                        }
                                        return null;
                                    }));
                }
                for (Future<?> worker : running) {
                    worker.get();
                }
            } finally {
                pool.shutdownNow();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Point(
                    batchSize,
                    runs.get() * batchSize / elapsed,
                    elapsed * 1000 * workers / runs.get());
        } finally {
            feeds.forEach(feed -> feed.values().forEach(OnnxTensor::close));
        }
    }
}
