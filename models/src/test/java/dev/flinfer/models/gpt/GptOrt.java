package dev.flinfer.models.gpt;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/** Runs a generated decoder on ONNX Runtime (CPU), with {@link GptForward}'s inputs and outputs. */
final class GptOrt implements AutoCloseable, Greedy.Model {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final GptConfig c;

    GptOrt(GptConfig config, byte[] model) throws OrtException {
        this.session = ENV.createSession(model, new OrtSession.SessionOptions());
        this.c = config;
    }

    OrtSession session() {
        return session;
    }

    @Override
    public GptForward.Output run(long[][] ids, long[][] mask, long[][] positions, GptCache past)
            throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(GptGraph.INPUT_IDS, longs(ids));
            inputs.put(GptGraph.ATTENTION_MASK, longs(mask));
            inputs.put(GptGraph.POSITION_IDS, longs(positions));
            for (int l = 0; l < c.nLayer(); l++) {
                inputs.put(GptGraph.pastKey(l), floats(past.keys()[l], past.length()));
                inputs.put(GptGraph.pastValue(l), floats(past.values()[l], past.length()));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] logits =
                        (float[][][]) result.get(GptGraph.LOGITS).orElseThrow().getValue();
                float[][][][][] keys = new float[c.nLayer()][][][][];
                float[][][][][] values = new float[c.nLayer()][][][][];
                for (int l = 0; l < c.nLayer(); l++) {
                    keys[l] = (float[][][][]) result.get(GptGraph.presentKey(l)).get().getValue();
                    values[l] =
                            (float[][][][]) result.get(GptGraph.presentValue(l)).get().getValue();
                }
                return new GptForward.Output(logits, new GptCache(keys, values));
            }
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
    }

    private static OnnxTensor longs(long[][] rows) throws OrtException {
        LongBuffer buffer = LongBuffer.allocate(rows.length * rows[0].length);
        for (long[] row : rows) {
            buffer.put(row);
        }
        return OnnxTensor.createTensor(
                ENV, buffer.flip(), new long[] {rows.length, rows[0].length});
    }

    /** [batch][heads][length][headSize] as one tensor; {@code length} may be 0. */
    private OnnxTensor floats(float[][][][] cache, int length) throws OrtException {
        int batch = cache.length;
        FloatBuffer buffer = FloatBuffer.allocate(batch * c.nHead() * length * c.headSize());
        for (float[][][] row : cache) {
            for (float[][] head : row) {
                for (float[] position : head) {
                    buffer.put(position);
                }
            }
        }
        return OnnxTensor.createTensor(
                ENV, buffer.flip(), new long[] {batch, c.nHead(), length, c.headSize()});
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
