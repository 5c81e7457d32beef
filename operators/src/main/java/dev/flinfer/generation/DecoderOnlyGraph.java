package dev.flinfer.generation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.session.ModelSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A decoder-only model ({@code model.onnx} or {@code decoder_model_merged.onnx} with {@code
 * past_key_values.N.key/value} inputs and {@code present.N.key/value} outputs): the first call runs
 * the left-padded prompts of the joining rows, each step one token of every row. Rows of any length
 * share one cohort: {@code attention_mask} covers each row's padding, and {@code position_ids}
 * (when the graph declares it) counts each row's own tokens.
 */
final class DecoderOnlyGraph implements StepGraph {
    static final String PAST = "past_key_values.%s";
    static final String PRESENT = "present.%s";

    private final ModelSession session;
    private final ModelShape shape;
    private final List<String> cacheNames = new ArrayList<>();

    DecoderOnlyGraph(ModelSession session, String file) {
        this.session = session;
        ModelBundle bundle = session.bundle();
        this.shape =
                ModelShape.read(bundle, file, session.inputs(), "past_key_values.%d.key", false);
        for (int layer = 0; layer < shape.layers(); layer++) {
            cacheNames.add(layer + ".key");
            cacheNames.add(layer + ".value");
        }
        String graph = bundle.directory().resolve(file).toString();
        for (String input : List.of("input_ids", "attention_mask", "position_ids")) {
            if (!session.inputs().containsKey(input)) {
                throw new ModelLoadException(
                        "Model file "
                                + graph
                                + ": no input '"
                                + input
                                + "' (a decoder-only export has input_ids, attention_mask and"
                                + " position_ids, which rows of different lengths need to share a"
                                + " batch: export with Optimum's text-generation-with-past);"
                                + " inputs: "
                                + session.inputs().keySet());
            }
        }
        List<String> outputs = new ArrayList<>(List.of("logits"));
        for (String name : cacheNames) {
            if (!session.inputs().containsKey(String.format(PAST, name))) {
                throw new ModelLoadException(
                        "Model file " + graph + ": no cache input " + String.format(PAST, name));
            }
            outputs.add(String.format(PRESENT, name));
        }
        for (String output : outputs) {
            if (!session.outputs().containsKey(output)) {
                throw new ModelLoadException(
                        "Model file "
                                + graph
                                + ": no output '"
                                + output
                                + "'; outputs: "
                                + session.outputs().keySet());
            }
        }
    }

    @Override
    public First first(List<Sequence> sequences, IntFunction<FloatBuffer> scratch)
            throws Exception {
        int rows = sequences.size();
        int length = Sequence.longestPrompt(sequences);
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        long[] positions = new long[rows * length];
        int[] valid = new int[rows];
        List<Row> cohortRows = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            long[] prompt = sequences.get(r).prompt();
            int pad = length - prompt.length;
            for (int i = 0; i < length; i++) {
                int at = r * length + i;
                ids[at] = i < pad ? shape.pad() : prompt[i - pad];
                mask[at] = i < pad ? 0 : 1;
                positions[at] = i < pad ? 0 : i - pad;
            }
            valid[r] = prompt.length;
            cohortRows.add(new Row(sequences.get(r)));
        }
        try (Feeds feeds = new Feeds(session)) {
            feeds.longs("input_ids", ids, rows, length);
            feeds.longs("attention_mask", mask, rows, length);
            feeds.longs("position_ids", positions, rows, length);
            for (String name : cacheNames) {
                feeds.input(
                        String.format(PAST, name),
                        Feeds.empty(rows, shape.heads(), shape.headSize()));
            }
            feeds.bool("use_cache_branch", false);
            // ONNX Runtime writes the presents into the new cohort's cache and the logits of
            // every prompt position into the scratch buffer: nothing is copied out
            KvCache cache = new KvCache(cacheNames, shape.heads(), shape.headSize());
            cache.begin(rows);
            feeds.pinned.putAll(cache.next(Feeds.ENV, PRESENT, length));
            FloatBuffer logits = scratch.apply(rows * length * shape.vocab());
            feeds.pinned.put(
                    "logits",
                    OnnxTensor.createTensor(
                            Feeds.ENV, logits, new long[] {rows, length, shape.vocab()}));
            session.run(feeds.inputs, Set.of(), feeds.pinned).close();
            cache.advance(length, valid);
            int[] offsets = new int[rows];
            for (int r = 0; r < rows; r++) {
                offsets[r] = (r * length + length - 1) * shape.vocab();
            }
            return new First(new Cohort(cohortRows, cache, null, null, null), logits, offsets);
        }
    }

    @Override
    public FloatBuffer step(Cohort cohort) throws Exception {
        KvCache cache = cohort.self;
        int rows = cohort.rows.size();
        int length = cache.length();
        long[] ids = new long[rows];
        long[] positions = new long[rows];
        long[] mask = new long[rows * (length + 1)];
        for (int r = 0; r < rows; r++) {
            ids[r] = cohort.rows.get(r).last();
            positions[r] = cache.valid(r);
            for (int i = length - cache.valid(r); i <= length; i++) {
                mask[r * (length + 1) + i] = 1;
            }
        }
        FloatBuffer logits = cohort.logits(rows * shape.vocab());
        try (Feeds feeds = new Feeds(session)) {
            feeds.longs("input_ids", ids, rows, 1);
            feeds.longs("attention_mask", mask, rows, length + 1);
            feeds.longs("position_ids", positions, rows, 1);
            feeds.inputs(cache.current(Feeds.ENV, PAST));
            feeds.bool("use_cache_branch", true);
            feeds.pinned.putAll(cache.next(Feeds.ENV, PRESENT, 1));
            feeds.pinned.put(
                    "logits",
                    OnnxTensor.createTensor(
                            Feeds.ENV, logits, new long[] {rows, 1, shape.vocab()}));
            session.run(feeds.inputs, Set.of(), feeds.pinned).close();
        }
        cache.advance(1);
        return logits;
    }

    /** A float output of {@code result}, copied out of ONNX Runtime's memory. */
    static FloatBuffer floats(OrtSession.Result result, String name) {
        return ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
    }

    @Override
    public boolean decoderOnly() {
        return true;
    }

    @Override
    public ModelShape shape() {
        return shape;
    }

    @Override
    public List<ModelSession> sessions() {
        return List.of(session);
    }
}
