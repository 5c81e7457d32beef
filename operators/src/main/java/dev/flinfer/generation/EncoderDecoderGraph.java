package dev.flinfer.generation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.session.ModelSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * An encoder-decoder model in Optimum's layout: {@code encoder_model.onnx} runs once per record;
 * the decoder is {@code decoder_model_merged.onnx} (one graph, {@code use_cache_branch} false on
 * the first call, true after) or the pair {@code decoder_model.onnx} + {@code
 * decoder_with_past_model.onnx}. The first call gives each row its encoder keys and values ({@code
 * present.N.encoder.*}), kept for its later steps with the encoder's hidden states and mask. The
 * export has no mask over the decoder's own cache, so rows that started together step together (a
 * cohort), and cohorts of different lengths take separate calls.
 */
final class EncoderDecoderGraph implements StepGraph {
    private static final String PAST = "past_key_values.%s";
    private static final String PRESENT = "present.%s";
    private static final String HIDDEN = "encoder_hidden_states";

    private final ModelSession encoder;
    private final ModelSession first;
    private final ModelSession next;
    private final ModelShape shape;
    private final int hiddenSize;
    private final List<String> selfNames = new ArrayList<>();
    private final List<String> crossNames = new ArrayList<>();

    /**
     * @param first the decoder's first call (the merged graph, or {@code decoder_model.onnx})
     * @param next the decoder's later steps (the merged graph again, or the with-past graph)
     */
    EncoderDecoderGraph(
            ModelSession encoder,
            ModelSession first,
            ModelSession next,
            String nextFile,
            String encoderFile) {
        this.encoder = encoder;
        this.first = first;
        this.next = next;
        ModelBundle bundle = encoder.bundle();
        this.shape =
                ModelShape.read(
                        bundle, nextFile, next.inputs(), "past_key_values.%d.decoder.key", true);
        for (int layer = 0; layer < shape.layers(); layer++) {
            selfNames.add(layer + ".decoder.key");
            selfNames.add(layer + ".decoder.value");
            crossNames.add(layer + ".encoder.key");
            crossNames.add(layer + ".encoder.value");
        }
        String encoderPath = bundle.directory().resolve(encoderFile).toString();
        for (String input : List.of("input_ids", "attention_mask")) {
            require(encoder.inputs().containsKey(input), encoderPath, "no input '" + input + "'");
        }
        require(
                encoder.outputs().containsKey("last_hidden_state"),
                encoderPath,
                "no output 'last_hidden_state'");
        String nextPath = bundle.directory().resolve(nextFile).toString();
        require(next.outputs().containsKey("logits"), nextPath, "no output 'logits'");
        require(
                first.outputs().containsKey("logits"),
                nextPath,
                "no output 'logits' on its first call");
        for (String name : selfNames) {
            require(
                    next.inputs().containsKey(String.format(PAST, name)),
                    nextPath,
                    "no cache input " + String.format(PAST, name));
            require(
                    next.outputs().containsKey(String.format(PRESENT, name)),
                    nextPath,
                    "no output " + String.format(PRESENT, name));
        }
        for (String name : crossNames) {
            require(
                    next.inputs().containsKey(String.format(PAST, name)),
                    nextPath,
                    "no cache input " + String.format(PAST, name));
            require(
                    first.outputs().containsKey(String.format(PRESENT, name)),
                    nextPath,
                    "no output " + String.format(PRESENT, name) + " on its first call");
        }
        long[] hidden =
                ((TensorInfo) encoder.outputs().get("last_hidden_state").getInfo()).getShape();
        int fromConfig =
                bundle.config().path("d_model").asInt(bundle.config().path("hidden_size").asInt());
        this.hiddenSize = hidden.length == 3 && hidden[2] > 0 ? (int) hidden[2] : fromConfig;
        require(hiddenSize > 0, encoderPath, "cannot tell the size of last_hidden_state");
    }

    private static void require(boolean ok, String file, String problem) {
        if (!ok) {
            throw new ModelLoadException("Model file " + file + ": " + problem);
        }
    }

    @Override
    public First first(List<Sequence> sequences, IntFunction<FloatBuffer> scratch)
            throws Exception {
        int rows = sequences.size();
        int length = Sequence.longestPrompt(sequences);
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        int[] lengths = new int[rows];
        int[] whole = new int[rows];
        int[] one = new int[rows];
        List<Row> cohortRows = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            long[] prompt = sequences.get(r).prompt();
            for (int i = 0; i < length; i++) {
                ids[r * length + i] = i < prompt.length ? prompt[i] : shape.pad();
                mask[r * length + i] = i < prompt.length ? 1 : 0;
            }
            lengths[r] = prompt.length;
            whole[r] = length;
            one[r] = 1;
            cohortRows.add(new Row(sequences.get(r)));
        }
        long[] starts = new long[rows];
        Arrays.fill(starts, shape.start());
        try (Feeds encoderFeeds = new Feeds(encoder)) {
            encoderFeeds.longs("input_ids", ids, rows, length);
            encoderFeeds.longs("attention_mask", mask, rows, length);
            try (OrtSession.Result encoded = encoder.run(encoderFeeds.inputs);
                    Feeds feeds = new Feeds(first)) {
                OnnxTensor states = (OnnxTensor) encoded.get("last_hidden_state").orElseThrow();
                feeds.longs("input_ids", starts, rows, 1);
                feeds.longs("encoder_attention_mask", mask, rows, length);
                for (String name : selfNames) {
                    feeds.input(
                            String.format(PAST, name),
                            Feeds.empty(rows, shape.heads(), shape.headSize()));
                }
                for (String name : crossNames) {
                    feeds.input(
                            String.format(PAST, name),
                            Feeds.empty(rows, shape.heads(), shape.headSize()));
                }
                feeds.bool("use_cache_branch", false);
                Map<String, FloatBuffer> selfPresents = new HashMap<>();
                Map<String, FloatBuffer> crossPresents = new HashMap<>();
                FloatBuffer logits;
                Map<String, OnnxTensor> inputs = new LinkedHashMap<>(feeds.inputs);
                if (feeds.declares(HIDDEN)) {
                    inputs.put(HIDDEN, states); // the encoder's result owns it
                }
                try (OrtSession.Result result = first.run(inputs)) {
                    for (String name : selfNames) {
                        selfPresents.put(
                                name,
                                DecoderOnlyGraph.floats(result, String.format(PRESENT, name)));
                    }
                    for (String name : crossNames) {
                        crossPresents.put(
                                name,
                                DecoderOnlyGraph.floats(result, String.format(PRESENT, name)));
                    }
                    logits = DecoderOnlyGraph.floats(result, "logits");
                }
                KvCache self = new KvCache(selfNames, shape.heads(), shape.headSize());
                self.fill(selfPresents, rows, 1, one);
                KvCache cross = new KvCache(crossNames, shape.heads(), shape.headSize());
                cross.fill(crossPresents, rows, length, whole);
                KvCache hidden = new KvCache(List.of("hidden"), 1, hiddenSize);
                hidden.fill(Map.of("hidden", states.getFloatBuffer()), rows, length, whole);
                int[] offsets = new int[rows];
                for (int r = 0; r < rows; r++) {
                    offsets[r] = r * shape.vocab();
                }
                return new First(
                        new Cohort(cohortRows, self, cross, hidden, lengths), logits, offsets);
            }
        }
    }

    @Override
    public FloatBuffer step(Cohort cohort) throws Exception {
        int rows = cohort.rows.size();
        int encoderLength = cohort.cross.length();
        long[] ids = new long[rows];
        long[] mask = new long[rows * encoderLength];
        for (int r = 0; r < rows; r++) {
            ids[r] = cohort.rows.get(r).last();
            for (int i = 0; i < cohort.encoderLengths[r]; i++) {
                mask[r * encoderLength + i] = 1;
            }
        }
        FloatBuffer logits = cohort.logits(rows * shape.vocab());
        try (Feeds feeds = new Feeds(next)) {
            feeds.longs("input_ids", ids, rows, 1);
            feeds.longs("encoder_attention_mask", mask, rows, encoderLength);
            if (feeds.declares(HIDDEN)) {
                feeds.input(HIDDEN, cohort.hidden.currentWithoutHeads(Feeds.ENV));
            }
            feeds.inputs(cohort.self.current(Feeds.ENV, PAST));
            feeds.inputs(cohort.cross.current(Feeds.ENV, PAST));
            feeds.bool("use_cache_branch", true);
            feeds.pinned.putAll(cohort.self.next(Feeds.ENV, PRESENT, 1));
            feeds.pinned.put(
                    "logits",
                    OnnxTensor.createTensor(
                            Feeds.ENV, logits, new long[] {rows, 1, shape.vocab()}));
            next.run(feeds.inputs, Set.of(), feeds.pinned).close();
        }
        cohort.self.advance(1);
        return logits;
    }

    @Override
    public boolean decoderOnly() {
        return false;
    }

    @Override
    public ModelShape shape() {
        return shape;
    }

    @Override
    public List<ModelSession> sessions() {
        return first == next ? List.of(encoder, first) : List.of(encoder, first, next);
    }
}
