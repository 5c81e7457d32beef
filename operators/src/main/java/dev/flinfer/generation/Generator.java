package dev.flinfer.generation;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.session.ModelSession;
import dev.flinfer.session.SessionSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Generation with continuous batching over one model: sequences join a running batch ({@link Run})
 * between steps, every step runs one decoder call per cohort for all live rows, and a sequence
 * leaves the batch as soon as it is done. Opens the graphs of a bundle by its layout, checking them
 * at start.
 *
 * <pre>{@code
 * Generator generator = Generator.open(bundle, settings, Decoding.greedy(32), tokenizer::decode);
 * Generator.Run<Sequence> run = generator.start();
 * generator.join(run, List.of(a, b), s -> s);
 * List<Sequence> done = generator.step(run);
 * }</pre>
 */
@Internal
public final class Generator implements AutoCloseable {
    private final StepGraph graph;
    private final Decoding decoding;
    private final Chooser chooser;

    private Generator(StepGraph graph, Decoding decoding, Function<long[], String> detokenize) {
        this.graph = graph;
        this.decoding = decoding;
        this.chooser = new Chooser(decoding, graph.shape(), detokenize, graph.decoderOnly());
    }

    /**
     * Opens the graphs of {@code bundle}: {@code encoder_model.onnx} with {@code
     * decoder_model_merged.onnx} or the pair {@code decoder_model.onnx} + {@code
     * decoder_with_past_model.onnx} (encoder-decoder), or {@code model.onnx} / {@code
     * decoder_model_merged.onnx} alone (decoder-only); fails naming what is missing or wrong.
     */
    public static Generator open(
            ModelBundle bundle,
            SessionSettings settings,
            Decoding decoding,
            Function<long[], String> detokenize) {
        return new Generator(graph(bundle, settings), decoding, detokenize);
    }

    /** Whether {@code bundle} holds an encoder (an encoder-decoder model). */
    public static boolean encoderDecoder(ModelBundle bundle) {
        return bundle.hasFile(ENCODER);
    }

    /** Prompt logits of one first call, at most: 64 M floats, 256 MB. */
    static final long FIRST_CALL_FLOATS = 64L << 20;

    /** Prompt logits of one prompt, at most: 256 M floats, 1 GB (a direct buffer holds 2 GB). */
    public static final long PROMPT_LOGITS_FLOATS = 256L << 20;

    private static final String ENCODER = "encoder_model.onnx";
    private static final String MERGED = "decoder_model_merged.onnx";
    private static final String DECODER = "decoder_model.onnx";
    private static final String WITH_PAST = "decoder_with_past_model.onnx";

    private static StepGraph graph(ModelBundle bundle, SessionSettings settings) {
        if (encoderDecoder(bundle)) {
            if (!bundle.hasFile(MERGED)
                    && !(bundle.hasFile(DECODER) && bundle.hasFile(WITH_PAST))) {
                throw ModelLoadException.at(
                        bundle.directory(),
                        "an encoder-decoder bundle needs "
                                + MERGED
                                + ", or "
                                + DECODER
                                + " with "
                                + WITH_PAST
                                + ", beside "
                                + ENCODER
                                + " (export with Optimum's text2text-generation-with-past)");
            }
            List<ModelSession> opened = new ArrayList<>();
            try {
                ModelSession encoder = open(opened, bundle, ENCODER, settings);
                if (bundle.hasFile(MERGED)) {
                    ModelSession merged = open(opened, bundle, MERGED, settings);
                    return new EncoderDecoderGraph(encoder, merged, merged, MERGED, ENCODER);
                }
                ModelSession first = open(opened, bundle, DECODER, settings);
                ModelSession next = open(opened, bundle, WITH_PAST, settings);
                return new EncoderDecoderGraph(encoder, first, next, WITH_PAST, ENCODER);
            } catch (RuntimeException | Error e) {
                opened.forEach(ModelSession::close);
                throw e;
            }
        }
        String file = bundle.hasFile(ModelBundle.MODEL) ? ModelBundle.MODEL : MERGED;
        if (!bundle.hasFile(file)) {
            throw ModelLoadException.at(
                    bundle.directory(),
                    "no decoder graph: a decoder-only bundle needs "
                            + ModelBundle.MODEL
                            + " or "
                            + MERGED
                            + " (export with Optimum's text-generation-with-past), an"
                            + " encoder-decoder one "
                            + ENCODER
                            + " and its decoder");
        }
        ModelSession session = ModelSession.open(bundle, file, settings);
        try {
            return new DecoderOnlyGraph(session, file);
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
    }

    private static ModelSession open(
            List<ModelSession> opened, ModelBundle bundle, String file, SessionSettings settings) {
        ModelSession session = ModelSession.open(bundle, file, settings);
        opened.add(session);
        return session;
    }

    /** The sessions of the model's graphs, the first naming the device. */
    public List<ModelSession> sessions() {
        return graph.sessions();
    }

    public ModelShape shape() {
        return graph.shape();
    }

    public Decoding decoding() {
        return decoding;
    }

    /** Whether the prompt is the start of the decoder's own sequence (decoder-only). */
    public boolean decoderOnly() {
        return graph.decoderOnly();
    }

    /** A running batch; {@code T} is what its callers track a sequence by. */
    @PublicEvolving
    public static final class Run<T> {
        final List<Cohort> cohorts = new ArrayList<>();
        final Map<Sequence, T> items = new IdentityHashMap<>();
        final List<T> doneEarly = new ArrayList<>();
        final List<Sequence> joined = new ArrayList<>();
        private FloatBuffer scratch;

        /** A direct buffer of at least {@code floats}, the same one join after join. */
        FloatBuffer scratch(int floats) {
            if (floats > FIRST_CALL_FLOATS) {
                // one long prompt: a buffer for it alone, not kept for the batch's lifetime
                return ByteBuffer.allocateDirect(floats * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
            }
            if (scratch == null || scratch.capacity() < floats) {
                scratch =
                        ByteBuffer.allocateDirect(Math.max(floats, 1) * Float.BYTES)
                                .order(ByteOrder.nativeOrder())
                                .asFloatBuffer();
            }
            return scratch.duplicate().clear().limit(floats);
        }

        /** Sequence {@code index} in the order they joined (a one-shot batch's order). */
        public Sequence joined(int index) {
            return joined.get(index);
        }

        /** Rows in the running batch (a sequence has one per beam). */
        public int rows() {
            int rows = 0;
            for (Cohort cohort : cohorts) {
                rows += cohort.rows.size();
            }
            return rows;
        }
    }

    public <T> Run<T> start() {
        return new Run<>();
    }

    /**
     * Starts {@code items}' sequences from their beginning: their first call, and their first
     * token; those already done are returned by the next {@link #step}.
     */
    public <T> void join(Run<T> run, List<T> items, Function<T, Sequence> sequenceOf)
            throws Exception {
        List<Sequence> sequences = new ArrayList<>(items.size());
        for (T item : items) {
            Sequence sequence = sequenceOf.apply(item);
            sequence.restart(decoding.seed());
            sequences.add(sequence);
            run.items.put(sequence, item);
            run.joined.add(sequence);
        }
        for (List<Sequence> chunk : firstCalls(sequences)) {
            StepGraph.First first = graph.first(chunk, run::scratch);
            Cohort cohort = first.cohort();
            List<Sequence> done = new ArrayList<>();
            cohort.keep(chooser.advance(cohort.rows, first.logits(), first.offsets(), done));
            for (Sequence sequence : done) {
                run.doneEarly.add(run.items.remove(sequence));
            }
            if (!cohort.rows.isEmpty()) {
                place(run, cohort);
            }
        }
    }

    /**
     * The joining sequences in first calls whose prompt logits ({@code rows x longest prompt x
     * vocabulary}) stay within {@link #FIRST_CALL_FLOATS} (a longer prompt runs alone).
     */
    private List<List<Sequence>> firstCalls(List<Sequence> sequences) {
        List<List<Sequence>> calls = new ArrayList<>();
        List<Sequence> call = new ArrayList<>();
        long longest = 0;
        for (Sequence sequence : sequences) {
            long length = Math.max(longest, sequence.prompt().length);
            if (!call.isEmpty()
                    && (call.size() + 1) * length * graph.shape().vocab() > FIRST_CALL_FLOATS) {
                calls.add(call);
                call = new ArrayList<>();
                length = sequence.prompt().length;
            }
            call.add(sequence);
            longest = length;
        }
        calls.add(call);
        return calls;
    }

    /**
     * Puts a new cohort into the running batch: a decoder-only one joins a cohort when the padded
     * cache of both stays within twice the entries their rows hold, else it steps on its own; an
     * encoder-decoder one always steps on its own.
     */
    private static void place(Run<?> run, Cohort cohort) {
        if (cohort.cross == null) {
            KvCache joining = cohort.self;
            for (Cohort other : run.cohorts) {
                KvCache running = other.self;
                long padded =
                        (long) (running.rows() + joining.rows())
                                * Math.max(running.length(), joining.length());
                if (padded <= 2 * (running.validTotal() + joining.validTotal())) {
                    other.append(cohort);
                    return;
                }
            }
        }
        run.cohorts.add(cohort);
    }

    /** One token for every live row; returns the items whose sequences are now done. */
    public <T> List<T> step(Run<T> run) throws Exception {
        List<T> finished = new ArrayList<>(run.doneEarly);
        run.doneEarly.clear();
        List<Sequence> done = new ArrayList<>();
        for (Iterator<Cohort> it = run.cohorts.iterator(); it.hasNext(); ) {
            Cohort cohort = it.next();
            FloatBuffer logits = graph.step(cohort);
            int[] offsets = new int[cohort.rows.size()];
            for (int r = 0; r < offsets.length; r++) {
                offsets[r] = r * graph.shape().vocab();
            }
            cohort.keep(chooser.advance(cohort.rows, logits, offsets, done));
            if (cohort.rows.isEmpty()) {
                it.remove();
            }
        }
        for (Sequence sequence : done) {
            finished.add(run.items.remove(sequence));
        }
        return finished;
    }

    /** Whether {@code run} has no live sequence left. */
    public boolean idle(Run<?> run) {
        return run.items.isEmpty() && run.doneEarly.isEmpty();
    }

    public void stopRuns() {
        graph.stopRuns();
    }

    @Override
    public void close() {
        graph.close();
    }
}
