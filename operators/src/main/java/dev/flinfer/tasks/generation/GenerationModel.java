package dev.flinfer.tasks.generation;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.generation.Decoding;
import dev.flinfer.generation.Generated;
import dev.flinfer.generation.Generator;
import dev.flinfer.generation.ModelShape;
import dev.flinfer.generation.Sequence;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.tasks.ModelTask;
import dev.flinfer.text.TextTokenizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A generative model with its tokenizer: a text becomes a prompt (the template filled in, its
 * tokens checked against the context), prompts run as sequences of a running batch ({@link #start},
 * {@link #join}, {@link #step}: continuous batching), and each gives its {@link Generated} text.
 * The one-shot {@link #infer} runs a fixed batch to its end.
 *
 * <pre>{@code
 * try (GenerationModel model = GenerationModel.open(bundle, SessionSettings.cpu(2),
 *         Decoding.greedy(16), "{text}", false)) {
 *     Sequence prompt = model.prepare("Once upon a time");
 *     Generated text = model.result(model.infer(List.of(prompt)), 0);
 * }
 * }</pre>
 */
@PublicEvolving
public final class GenerationModel
        extends ModelTask<String, Sequence, Generator.Run<Sequence>, Generated> {
    private final ModelBundle bundle;
    private final Generator generator;
    private final TextTokenizer tokenizer;
    private final String template;
    private final Decoding decoding;

    private GenerationModel(
            ModelBundle bundle,
            Generator generator,
            TextTokenizer tokenizer,
            String template,
            Decoding decoding) {
        super(generator.sessions(), List.of(tokenizer));
        this.bundle = bundle;
        this.generator = generator;
        this.tokenizer = tokenizer;
        this.template = template;
        this.decoding = decoding;
    }

    /**
     * Opens {@code bundle}, which must be of the family asked ({@code encoderDecoder} or
     * decoder-only), checks its graphs, its config and the decoding against its context, and warms
     * it up; fails naming the file and the problem.
     */
    public static GenerationModel open(
            ModelBundle bundle,
            SessionSettings session,
            Decoding decoding,
            String template,
            boolean encoderDecoder) {
        if (Generator.encoderDecoder(bundle) != encoderDecoder) {
            throw new ModelLoadException(
                    "Model "
                            + bundle.directory()
                            + ": "
                            + (encoderDecoder
                                    ? "text2text needs an encoder-decoder bundle"
                                            + " (encoder_model.onnx and its decoder); for a"
                                            + " decoder-only model use text-generation"
                                    : "text-generation needs a decoder-only bundle; this one has"
                                            + " encoder_model.onnx (use text2text)"));
        }
        TextTokenizer tokenizer = TextTokenizer.openUntruncated(bundle);
        Generator generator =
                closingOnFailure(
                        tokenizer,
                        () -> Generator.open(bundle, session, decoding, tokenizer::decode));
        GenerationModel model =
                new GenerationModel(bundle, generator, tokenizer, template, decoding);
        closingOnFailure(model, () -> model.checkAndWarmUp());
        return model;
    }

    private boolean checkAndWarmUp() {
        ModelShape shape = generator.shape();
        int context = shape.context();
        if (context > 0 && decoding.maxNewTokens() >= context) {
            throw new IllegalArgumentException(
                    "maxNewTokens "
                            + decoding.maxNewTokens()
                            + " is beyond the context of "
                            + bundle.directory()
                            + " ("
                            + context
                            + " positions"
                            + (generator.decoderOnly() ? ", prompt included" : "")
                            + ")");
        }
        try {
            infer(List.of(prepare("warm-up")));
        } catch (Exception e) {
            throw new ModelLoadException(
                    "Model " + bundle.directory() + ": warm-up generation failed: " + e, e);
        }
        return true;
    }

    /** A prompt salted by its own text (SQL rows, which have no offset). */
    @Override
    public Sequence prepare(String text) throws BadRecordException {
        return prepare(text, saltOf(text));
    }

    /**
     * The prompt of {@code text}, whose sampling is seeded by {@code salt} (a record's position)
     * with the configured seed; throws when it has no tokens or does not fit the context.
     */
    public Sequence prepare(String text, long salt) throws BadRecordException {
        long[] ids = tokenizer.tokenize(template.replace("{text}", text)).ids();
        if (ids.length == 0) {
            throw new BadRecordException(BadRecordException.EMPTY_TEXT, "the prompt has no tokens");
        }
        long logits = (long) ids.length * generator.shape().vocab();
        if (generator.decoderOnly() && logits > Generator.PROMPT_LOGITS_FLOATS) {
            throw new BadRecordException(
                    BadRecordException.PROMPT_TOO_LONG,
                    "the prompt has "
                            + ids.length
                            + " tokens: its first call would need "
                            + (logits * Float.BYTES >> 20)
                            + " MB of logits (the most is "
                            + (Generator.PROMPT_LOGITS_FLOATS * Float.BYTES >> 20)
                            + " MB)");
        }
        int context = generator.shape().context();
        int room = decoding.maxNewTokens();
        if (context > 0) {
            if (generator.decoderOnly()) {
                if (ids.length >= context) {
                    throw new BadRecordException(
                            BadRecordException.PROMPT_TOO_LONG,
                            "the prompt has "
                                    + ids.length
                                    + " tokens: "
                                    + (ids.length == context ? "it fills" : "longer than")
                                    + " the model's context of "
                                    + context
                                    + ", no room for a new token");
                }
                room = Math.min(room, context - ids.length);
            } else if (ids.length > context) {
                throw new BadRecordException(
                        BadRecordException.PROMPT_TOO_LONG,
                        "the prompt has "
                                + ids.length
                                + " tokens, longer than the encoder's context of "
                                + context);
            }
        }
        return new Sequence(ids, salt, room);
    }

    /**
     * The cache the sequence may grow to, per beam, times its beams: what the token bound counts.
     */
    @Override
    public int cost(Sequence sequence) {
        return (sequence.prompt().length + sequence.maxNewTokens()) * decoding.numBeams();
    }

    @Override
    public Generator.Run<Sequence> infer(List<Sequence> batch) throws Exception {
        Generator.Run<Sequence> run = generator.start();
        generator.join(run, batch, Function.identity());
        while (!generator.idle(run)) {
            generator.step(run);
        }
        return run;
    }

    @Override
    public Generated result(Generator.Run<Sequence> batch, int index) {
        return batch.joined(index).result();
    }

    /** The result of a finished sequence. */
    public Generated result(Sequence sequence) {
        return sequence.result();
    }

    /** A new running batch whose callers track sequences as {@code T}. */
    public <T> Generator.Run<T> start() {
        return generator.start();
    }

    public <T> void join(Generator.Run<T> run, List<T> items, Function<T, Sequence> sequenceOf)
            throws Exception {
        generator.join(run, items, sequenceOf);
    }

    public <T> List<T> step(Generator.Run<T> run) throws Exception {
        return generator.step(run);
    }

    @Override
    public ModelBundle bundle() {
        return bundle;
    }

    /** A stable 64-bit hash of {@code text} (FNV-1a over its UTF-8 bytes). */
    static long saltOf(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
