package dev.flinfer.models.t5;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.net.URISyntaxException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a generated T5 bundle on ONNX Runtime (CPU): the encoder, the merged decoder and the decoder
 * pair, with the past kept as Java arrays between calls. One bundle (pair layout, the tiny config)
 * is generated per test JVM, into target/t5-tiny-seeded-pair.
 */
final class T5Ort implements AutoCloseable {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    static final T5Config CONFIG = T5Config.tiny();
    private static Path bundle;

    private final OrtSession encoder;
    private final OrtSession merged;
    private final OrtSession decoder;
    private final OrtSession withPast;

    /** The past: present name (present.0.decoder.key, ...) to [B][H][L][d_kv]. */
    record Step(float[][][] logits, Map<String, float[][][][]> presents) {}

    T5Ort(boolean pair) throws Exception {
        Path dir = bundle();
        encoder = session(dir.resolve(T5Generator.ENCODER_FILE));
        merged = session(dir.resolve(T5Generator.MERGED_DECODER_FILE));
        decoder = pair ? session(dir.resolve(T5Generator.DECODER_FILE)) : null;
        withPast = pair ? session(dir.resolve(T5Generator.DECODER_WITH_PAST_FILE)) : null;
    }

    static synchronized Path bundle() throws Exception {
        if (bundle == null) {
            // under target/ (surefire runs in the module directory), so that runs leave nothing
            // behind
            Path dir = Path.of("target", "t5-tiny-seeded-pair");
            T5Generator.generate(CONFIG, minilmTokenizer(), dir, T5Generator.Layout.PAIR);
            bundle = dir;
        }
        return bundle;
    }

    static Path minilmTokenizer() throws URISyntaxException {
        return Path.of(
                T5Ort.class
                        .getClassLoader()
                        .getResource("flinfer/models/all-minilm-l6-v2/tokenizer.json")
                        .toURI());
    }

    private static OrtSession session(Path file) throws OrtException {
        return ENV.createSession(file.toString(), new OrtSession.SessionOptions());
    }

    float[][][] encode(long[][] ids, long[][] mask) throws OrtException {
        Map<String, OnnxTensor> in = new LinkedHashMap<>();
        in.put("input_ids", OnnxTensor.createTensor(ENV, ids));
        in.put("attention_mask", OnnxTensor.createTensor(ENV, mask));
        try (OrtSession.Result r = encoder.run(in)) {
            return (float[][][]) r.get("last_hidden_state").orElseThrow().getValue();
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /** The merged decoder; {@code past} null is the first call (use_cache_branch false). */
    Step merged(long[][] ids, long[][] mask, float[][][] hidden, Map<String, float[][][][]> past)
            throws OrtException {
        int batch = ids.length;
        Map<String, OnnxTensor> in = new LinkedHashMap<>();
        in.put("input_ids", OnnxTensor.createTensor(ENV, ids));
        in.put("encoder_attention_mask", OnnxTensor.createTensor(ENV, mask));
        in.put("encoder_hidden_states", OnnxTensor.createTensor(ENV, hidden));
        for (String name : pastNames(true)) {
            String present = name.replace("past_key_values.", "present.");
            in.put(
                    name,
                    past == null
                            ? OnnxTensor.createTensor(
                                    ENV,
                                    FloatBuffer.allocate(0),
                                    new long[] {batch, CONFIG.numHeads(), 0, CONFIG.dKv()})
                            : OnnxTensor.createTensor(ENV, past.get(present)));
        }
        in.put("use_cache_branch", OnnxTensor.createTensor(ENV, new boolean[] {past != null}));
        return run(merged, in, past);
    }

    /** The pair: decoder_model without a past, decoder_with_past_model with one. */
    Step pair(long[][] ids, long[][] mask, float[][][] hidden, Map<String, float[][][][]> past)
            throws OrtException {
        Map<String, OnnxTensor> in = new LinkedHashMap<>();
        in.put("input_ids", OnnxTensor.createTensor(ENV, ids));
        in.put("encoder_attention_mask", OnnxTensor.createTensor(ENV, mask));
        if (past == null) {
            in.put("encoder_hidden_states", OnnxTensor.createTensor(ENV, hidden));
            return run(decoder, in, null);
        }
        for (String name : pastNames(true)) {
            in.put(
                    name,
                    OnnxTensor.createTensor(
                            ENV, past.get(name.replace("past_key_values.", "present."))));
        }
        return run(withPast, in, past);
    }

    /** Runs; presents the session does not give (the pair's encoder ones) stay from the past. */
    private static Step run(
            OrtSession session, Map<String, OnnxTensor> in, Map<String, float[][][][]> past)
            throws OrtException {
        try (OrtSession.Result r = session.run(in)) {
            Map<String, float[][][][]> presents = new HashMap<>();
            if (past != null) {
                presents.putAll(past);
            }
            for (Map.Entry<String, OnnxValue> e : r) {
                if (e.getKey().startsWith("present.")) {
                    presents.put(e.getKey(), (float[][][][]) e.getValue().getValue());
                }
            }
            return new Step((float[][][]) r.get("logits").orElseThrow().getValue(), presents);
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    static List<String> pastNames(boolean encoder) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < CONFIG.numDecoderLayers(); l++) {
            for (String part :
                    encoder ? new String[] {"decoder", "encoder"} : new String[] {"decoder"}) {
                names.add("past_key_values." + l + "." + part + ".key");
                names.add("past_key_values." + l + "." + part + ".value");
            }
        }
        return names;
    }

    @Override
    public void close() throws OrtException {
        encoder.close();
        merged.close();
        if (decoder != null) {
            decoder.close();
            withPast.close();
        }
    }
}
