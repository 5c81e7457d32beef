package dev.flinfer.tasks.generation;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy decoding of a decoder-only Optimum export written the plainest way, for tests: no cache
 * (every step re-runs the whole sequence with an empty past), one prompt at a time.
 */
final class GreedyReference implements AutoCloseable {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    GreedyReference(Path model) throws Exception {
        session = ENV.createSession(model.toString(), new OrtSession.SessionOptions());
    }

    /** The new tokens for {@code prompt}, up to and with the first {@code eos}. */
    List<Long> generate(long[] prompt, int maxNewTokens, long eos) throws Exception {
        List<Long> sequence = new ArrayList<>();
        for (long id : prompt) {
            sequence.add(id);
        }
        List<Long> generated = new ArrayList<>();
        while (generated.size() < maxNewTokens) {
            int n = sequence.size();
            long[] ids = sequence.stream().mapToLong(Long::longValue).toArray();
            long[] ones = new long[n];
            long[] positions = new long[n];
            for (int i = 0; i < n; i++) {
                ones[i] = 1;
                positions[i] = i;
            }
            Map<String, OnnxTensor> feeds = new HashMap<>();
            feeds.put("input_ids", longs(ids, n));
            feeds.put("attention_mask", longs(ones, n));
            feeds.put("position_ids", longs(positions, n));
            for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
                if (input.getKey().startsWith("past_key_values.")) {
                    long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
                    feeds.put(
                            input.getKey(),
                            OnnxTensor.createTensor(
                                    ENV,
                                    FloatBuffer.allocate(0),
                                    new long[] {1, shape[1], 0, shape[3]}));
                }
            }
            try (OrtSession.Result result = session.run(feeds)) {
                float[][][] logits = (float[][][]) result.get("logits").orElseThrow().getValue();
                float[] last = logits[0][n - 1];
                int best = 0;
                for (int v = 1; v < last.length; v++) {
                    if (last[v] > last[best]) {
                        best = v;
                    }
                }
                generated.add((long) best);
                sequence.add((long) best);
                if (best == eos) {
                    break;
                }
            } finally {
                feeds.values().forEach(OnnxTensor::close);
            }
        }
        return generated;
    }

    private static OnnxTensor longs(long[] values, int n) throws Exception {
        return OnnxTensor.createTensor(ENV, LongBuffer.wrap(values), new long[] {1, n});
    }

    @Override
    public void close() throws Exception {
        session.close();
    }
}
