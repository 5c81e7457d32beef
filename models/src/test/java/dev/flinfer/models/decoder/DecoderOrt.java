package dev.flinfer.models.decoder;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a generated decoder on ONNX Runtime (CPU), with the plain-Java passes' inputs and outputs.
 */
public final class DecoderOrt implements AutoCloseable, Greedy.Model {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final DecoderDims c;

    public DecoderOrt(DecoderDims config, byte[] model) throws OrtException {
        this.session = ENV.createSession(model, new OrtSession.SessionOptions());
        this.c = config;
    }

    public OrtSession session() {
        return session;
    }

    @Override
    public DecoderOutput run(long[][] ids, long[][] mask, long[][] positions, DecoderCache past)
            throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(DecoderGraph.INPUT_IDS, longs(ids));
            inputs.put(DecoderGraph.ATTENTION_MASK, longs(mask));
            inputs.put(DecoderGraph.POSITION_IDS, longs(positions));
            for (int l = 0; l < c.layers(); l++) {
                inputs.put(DecoderGraph.pastKey(l), floats(past.keys()[l], past.length()));
                inputs.put(DecoderGraph.pastValue(l), floats(past.values()[l], past.length()));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] logits =
                        (float[][][]) result.get(DecoderGraph.LOGITS).orElseThrow().getValue();
                float[][][][][] keys = new float[c.layers()][][][][];
                float[][][][][] values = new float[c.layers()][][][][];
                for (int l = 0; l < c.layers(); l++) {
                    keys[l] =
                            (float[][][][]) result.get(DecoderGraph.presentKey(l)).get().getValue();
                    values[l] =
                            (float[][][][])
                                    result.get(DecoderGraph.presentValue(l)).get().getValue();
                }
                return new DecoderOutput(logits, new DecoderCache(keys, values));
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
        FloatBuffer buffer = FloatBuffer.allocate(batch * c.kvHeads() * length * c.headSize());
        for (float[][][] row : cache) {
            for (float[][] head : row) {
                for (float[] position : head) {
                    buffer.put(position);
                }
            }
        }
        return OnnxTensor.createTensor(
                ENV, buffer.flip(), new long[] {batch, c.kvHeads(), length, c.headSize()});
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
