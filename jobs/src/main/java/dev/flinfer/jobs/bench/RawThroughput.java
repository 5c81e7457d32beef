package dev.flinfer.jobs.bench;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
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

/**
 * The limit: ONNX Runtime alone on inputs tokenized or decoded beforehand, the same session options
 * as the operator, timed around {@code session.run} only.
 */
final class RawThroughput {
    /** Distinct batches cycled through, so a run does not see one input only. */
    private static final int DISTINCT_BATCHES = 4;

    /** One batch size's figures. */
    record Point(int batchSize, double perSecond, double msPerBatch) {}

    private RawThroughput() {}

    /** Text encoder throughput on {@code texts}, batched in corpus order (padded as they come). */
    static List<Point> text(
            ModelBundle bundle, List<String> texts, int[] batchSizes, int threads, double seconds)
            throws OrtException {
        List<Point> points = new ArrayList<>();
        try (TextTokenizer tokenizer = TextTokenizer.open(bundle);
                ModelSession session = ModelSession.open(bundle, SessionSettings.cpu(threads))) {
            List<TokenizedText> tokens = texts.stream().map(tokenizer::tokenize).toList();
            long padId = bundle.config().path("pad_token_id").asLong(0);
            for (int batchSize : batchSizes) {
                List<Map<String, OnnxTensor>> feeds = new ArrayList<>();
                for (int b = 0; b < DISTINCT_BATCHES; b++) {
                    List<TokenizedText> rows = new ArrayList<>();
                    for (int i = 0; i < batchSize; i++) {
                        rows.add(tokens.get((b * batchSize + i) % tokens.size()));
                    }
                    feeds.add(TokenTensors.feeds(session, TokenBatch.pad(rows, padId)));
                }
                points.add(time(session, feeds, batchSize, seconds, 2));
            }
        }
        return points;
    }

    /** Image classifier throughput on random pixel tensors of the graph's input size. */
    static List<Point> images(ModelBundle bundle, int[] batchSizes, int threads, double seconds)
            throws OrtException {
        List<Point> points = new ArrayList<>();
        try (ModelSession session = ModelSession.open(bundle, SessionSettings.cpu(threads))) {
            Map.Entry<String, NodeInfo> input = session.inputs().entrySet().iterator().next();
            long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
            int perImage = (int) (shape[1] * shape[2] * shape[3]);
            Random random = new Random(7);
            for (int batchSize : batchSizes) {
                List<Map<String, OnnxTensor>> feeds = new ArrayList<>();
                int distinct = batchSize >= 32 ? 1 : DISTINCT_BATCHES;
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
                points.add(time(session, feeds, batchSize, seconds, 1));
            }
        }
        return points;
    }

    /** One warm-up run per batch, then runs until {@code seconds} and at least {@code minRuns}. */
    private static Point time(
            ModelSession session,
            List<Map<String, OnnxTensor>> feeds,
            int batchSize,
            double seconds,
            int minRuns)
            throws OrtException {
        try {
            for (Map<String, OnnxTensor> feed : feeds) {
                session.run(feed).close();
            }
            long budget = (long) (seconds * 1e9);
            long start = System.nanoTime();
            int runs = 0;
            while (runs < minRuns || System.nanoTime() - start < budget) {
                try (OrtSession.Result result = session.run(feeds.get(runs % feeds.size()))) {
                    runs++;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Point(batchSize, runs * batchSize / elapsed, elapsed * 1000 / runs);
        } finally {
            feeds.forEach(feed -> feed.values().forEach(OnnxTensor::close));
        }
    }
}
