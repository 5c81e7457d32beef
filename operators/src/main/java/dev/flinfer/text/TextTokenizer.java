package dev.flinfer.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Tokenization with the model's own Hugging Face {@code tokenizer.json} (DJL's binding of the Rust
 * tokenizers, the same code as Python's). Texts are truncated to the model's maximum length and
 * never padded here, whatever {@code tokenizer.json} says: {@link TokenBatch} pads each batch to
 * its longest text.
 *
 * <pre>{@code
 * try (TextTokenizer tokenizer = TextTokenizer.open(bundle)) {
 *     TokenizedText tokens = tokenizer.tokenize("Hello, world!");
 * }
 * }</pre>
 *
 * <p>The maximum length is, in this order: {@code max_seq_length} of {@code
 * sentence_bert_config.json}, the truncation length of {@code tokenizer.json}, {@code
 * max_position_embeddings} of {@code config.json}, or 512. Thread-safe: the native tokenizer is
 * immutable once built.
 */
@PublicEvolving
public final class TextTokenizer implements AutoCloseable {
    public static final int DEFAULT_MAX_LENGTH = 512;

    private static final boolean ADD_SPECIAL_TOKENS = true;
    private static final TokenizersLibrary LIB = TokenizersLibrary.LIB;

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /**
     * Opens the tokenizer of {@code bundle}; fails naming {@code tokenizer.json} when it is
     * unusable.
     */
    public static TextTokenizer open(ModelBundle bundle) {
        return open(bundle, true);
    }

    /**
     * Opens the tokenizer of {@code bundle} for prompts: texts are not truncated (the caller checks
     * their length against the model's context) and {@link #decode} turns generated ids into text.
     */
    public static TextTokenizer openUntruncated(ModelBundle bundle) {
        return open(bundle, false);
    }

    private static TextTokenizer open(ModelBundle bundle, boolean truncate) {
        Path file = bundle.requireFile(ModelBundle.TOKENIZER);
        JsonNode tokenizerJson = bundle.readJsonObject(ModelBundle.TOKENIZER);
        if (!tokenizerJson.has("model")) {
            throw new ModelLoadException(
                    "Model file " + file + ": not a Hugging Face tokenizer (no 'model')");
        }
        int maxLength = maxLength(bundle, tokenizerJson);
        try {
            HuggingFaceTokenizer.Builder builder =
                    HuggingFaceTokenizer.builder()
                            .optTokenizerPath(file)
                            .optAddSpecialTokens(ADD_SPECIAL_TOKENS)
                            .optPadding(false)
                            .optTruncation(truncate);
            if (truncate) {
                builder.optMaxLength(maxLength);
            }
            HuggingFaceTokenizer tokenizer = builder.build();
            return new TextTokenizer(tokenizer, maxLength);
        } catch (Exception | UnsatisfiedLinkError e) {
            throw new ModelLoadException(
                    "Model file " + file + ": cannot load the tokenizer: " + e, e);
        }
    }

    /** Token ids of {@code text}, with special tokens, at most {@link #maxLength()} of them. */
    public TokenizedText tokenize(String text) {
        return idsOf(LIB.encode(tokenizer.getHandle(), text, ADD_SPECIAL_TOKENS));
    }

    /**
     * Token ids of each of {@code texts}, as {@link #tokenize} gives them, in one call of the
     * tokenizer's batch encoding (which spreads the texts over the native library's own threads).
     */
    public List<TokenizedText> tokenizeAll(List<String> texts) {
        long[] encodings =
                LIB.batchEncode(
                        tokenizer.getHandle(), texts.toArray(String[]::new), ADD_SPECIAL_TOKENS);
        List<TokenizedText> tokenized = new ArrayList<>(encodings.length);
        for (long encoding : encodings) {
            tokenized.add(idsOf(encoding));
        }
        return tokenized;
    }

    /**
     * The ids and type ids of a native encoding, which is then freed. {@code
     * HuggingFaceTokenizer.encode} would also copy out its tokens as strings, word ids, masks and
     * character spans (eight calls into the native library), which cost more than the encoding.
     */
    private static TokenizedText idsOf(long encoding) {
        try {
            return new TokenizedText(LIB.getTokenIds(encoding), LIB.getTypeIds(encoding));
        } finally {
            LIB.deleteEncoding(encoding);
        }
    }

    /** The text of {@code ids}, special tokens (padding, end of sequence) left out. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private static int maxLength(ModelBundle bundle, JsonNode tokenizerJson) {
        if (bundle.hasFile(ModelBundle.SENTENCE_BERT_CONFIG)) {
            JsonNode sbert = bundle.readJsonObject(ModelBundle.SENTENCE_BERT_CONFIG);
            if (sbert.path("max_seq_length").canConvertToInt()
                    && sbert.path("max_seq_length").asInt() > 0) {
                return sbert.path("max_seq_length").asInt();
            }
        }
        JsonNode truncation = tokenizerJson.path("truncation").path("max_length");
        if (truncation.canConvertToInt() && truncation.asInt() > 0) {
            return truncation.asInt();
        }
        JsonNode positions = bundle.config().path("max_position_embeddings");
        if (positions.canConvertToInt() && positions.asInt() > 0) {
            return positions.asInt();
        }
        return DEFAULT_MAX_LENGTH;
    }
}
