package dev.flinfer.tasks;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.session.ModelSession;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.session.TensorBufferPool;
import dev.flinfer.session.TensorBuffers;
import dev.flinfer.text.TextTokenizer;
import dev.flinfer.text.TokenBatch;
import dev.flinfer.text.TokenizedText;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The base of BERT-style text models (encoders and sequence classifiers): the bundle's tokenizer,
 * one session, the check of the inputs the graph declares, batches padded into reused direct
 * buffers, the empty-text rule and the warm-up run.
 *
 * <pre>{@code
 * final class MyTextModel extends TextEncoder<float[]> {
 *     protected float[][] run(TokenBatch batch, TensorBuffers buffers) throws OrtException { ... }
 * }
 * }</pre>
 *
 * <p>Feeds only the inputs the graph declares: {@code input_ids}, and {@code attention_mask} and
 * {@code token_type_ids} when declared (BERT declares the types, DistilBERT and RoBERTa exports do
 * not). A text with no tokens beyond the special ones ({@code [CLS] [SEP]}) is {@code empty-text}.
 * Thread-safe: batches may run at once, each on buffers of its own.
 *
 * @param <R> the result of one text
 */
@PublicEvolving
public abstract class TextEncoder<R> extends ModelTask<String, TokenizedText, float[][], R> {
    public static final String INPUT_IDS = TokenBatch.INPUT_IDS;
    public static final String ATTENTION_MASK = TokenBatch.ATTENTION_MASK;
    public static final String TOKEN_TYPE_IDS = TokenBatch.TOKEN_TYPE_IDS;
    private static final Set<String> KNOWN_INPUTS =
            Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

    private final ModelBundle bundle;
    private final TextTokenizer tokenizer;
    private final ModelSession session;
    private final long padId;
    private final String textPrefix;
    private final int specialTokens;
    private final TensorBufferPool bufferPool = new TensorBufferPool();

    protected TextEncoder(Parts parts) {
        this(parts, "");
    }

    /**
     * A text model that puts {@code textPrefix} before every text (e5's {@code "passage: "}); the
     * empty-text rule then counts the prefix's tokens as special.
     */
    protected TextEncoder(Parts parts, String textPrefix) {
        super(List.of(parts.session()), List.of(parts.tokenizer()));
        this.bundle = parts.bundle();
        this.tokenizer = parts.tokenizer();
        this.session = parts.session();
        this.padId = bundle.config().path("pad_token_id").asLong(0);
        this.textPrefix = textPrefix;
        this.specialTokens = tokenize("").length();
    }

    /** The tokenizer and session of a text model, opened together. */
    protected record Parts(ModelBundle bundle, TextTokenizer tokenizer, ModelSession session)
            implements AutoCloseable {
        @Override
        public void close() {
            session.close();
            tokenizer.close();
        }
    }

    /**
     * Opens the tokenizer and session of {@code bundle} and checks the declared inputs; {@code
     * kind} names the model in errors ("a text encoder"). Closes what it opened when it fails.
     */
    protected static Parts openParts(ModelBundle bundle, SessionSettings settings, String kind) {
        TextTokenizer tokenizer = TextTokenizer.open(bundle);
        ModelSession session =
                closingOnFailure(
                        tokenizer,
                        () ->
                                ModelSession.open(
                                        bundle, settings.withMaxLength(tokenizer.maxLength())));
        Parts parts = new Parts(bundle, tokenizer, session);
        return closingOnFailure(
                parts,
                () -> {
                    checkInputs(bundle, session.inputs(), kind);
                    return parts;
                });
    }

    /** Token ids of one text, after the text prefix if any (truncated, not padded). */
    public TokenizedText tokenize(String text) {
        return tokenizer.tokenize(textPrefix.isEmpty() ? text : textPrefix + text);
    }

    /**
     * The tokens of {@code text}; {@code empty-text} when it has none beyond the special ones (so
     * also when it is blank: whitespace gives no tokens).
     */
    @Override
    public TokenizedText prepare(String text) throws BadRecordException {
        if (text == null) {
            throw new BadRecordException(BadRecordException.NULL_VALUE, "the text is NULL");
        }
        TokenizedText tokens = tokenize(text);
        if (tokens.length() <= specialTokens) {
            throw new BadRecordException(
                    BadRecordException.EMPTY_TEXT,
                    "the text has no tokens (only whitespace or characters the tokenizer drops)");
        }
        return tokens;
    }

    @Override
    public int cost(TokenizedText prepared) {
        return prepared.length();
    }

    /** One row of model output per text, in order. */
    @Override
    public float[][] infer(List<TokenizedText> texts) throws OrtException {
        TensorBuffers buffers = bufferPool.take();
        try {
            return run(TokenBatch.pad(texts, padId, buffers::longs), buffers);
        } finally {
            bufferPool.give(buffers);
        }
    }

    /** Runs the session on a padded batch whose ids live in {@code buffers}. */
    protected abstract float[][] run(TokenBatch batch, TensorBuffers buffers) throws OrtException;

    /** Runs one short text through the model, failing at start, naming the file, if it cannot. */
    protected float[][] warmUp() {
        try {
            return infer(List.of(tokenize("warm-up")));
        } catch (OrtException e) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": warm-up inference failed: "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public ModelBundle bundle() {
        return bundle;
    }

    /** What goes before every text ("" for none). */
    public String textPrefix() {
        return textPrefix;
    }

    public int maxLength() {
        return tokenizer.maxLength();
    }

    public ModelSession session() {
        return session;
    }

    /** The names of the graph's inputs that this model feeds. */
    public Set<String> inputNames() {
        return session.inputs().keySet();
    }

    private static void checkInputs(ModelBundle bundle, Map<String, NodeInfo> inputs, String kind) {
        for (String input : inputs.keySet()) {
            if (!KNOWN_INPUTS.contains(input)) {
                throw new ModelLoadException(
                        "Model file "
                                + bundle.modelPath()
                                + ": declares input '"
                                + input
                                + "'; "
                                + kind
                                + " takes only "
                                + KNOWN_INPUTS);
            }
        }
        if (!inputs.containsKey(INPUT_IDS)) {
            throw new ModelLoadException(
                    "Model file "
                            + bundle.modelPath()
                            + ": has no 'input_ids' input (inputs: "
                            + inputs.keySet()
                            + ")");
        }
    }
}
