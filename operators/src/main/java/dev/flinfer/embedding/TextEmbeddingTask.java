package dev.flinfer.embedding;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.JsonRecords;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.text.TokenizedText;
import java.util.List;

/**
 * Embeds the text of JSON events: parse and tokenize (prepare), encode a batch (infer), add the
 * vector to the event (finish). The output event is the input object plus one field:
 *
 * <pre>{@code
 * {"id": "1", "text": "...", "embedding": {"model": "all-minilm-l6-v2", "model_version": "sha256:...",
 *                                          "dim": 384, "vector": [0.012, ...]}}
 * }</pre>
 */
public final class TextEmbeddingTask
        implements BatchTask<SourceRecord, TextEmbeddingTask.Prepared, float[][], Outcome> {

    /** A parsed event and its tokens. */
    public record Prepared(ObjectNode event, TokenizedText tokens) {}

    private final TextEmbeddingSettings settings;
    private final ModelBundle bundle;
    private final TextEmbeddingModel model;

    /**
     * Tokens of the empty text ([CLS] [SEP] for BERT): a text with no more has nothing to embed.
     */
    private final int specialTokens;

    private TextEmbeddingTask(
            TextEmbeddingSettings settings, ModelBundle bundle, TextEmbeddingModel model) {
        this.settings = settings;
        this.bundle = bundle;
        this.model = model;
        this.specialTokens = model.tokenize("").length();
    }

    /** Resolves and opens the model; fails at once, naming the file, when it cannot be used. */
    public static TextEmbeddingTask open(TextEmbeddingSettings settings) {
        ModelBundle bundle = ModelCatalog.resolve(settings.model());
        return new TextEmbeddingTask(
                settings, bundle, TextEmbeddingModel.open(bundle, settings.session()));
    }

    @Override
    public Prepared prepare(SourceRecord record) throws BadRecordException {
        ObjectNode event = JsonRecords.parseObject(record, settings.maxRecordBytes());
        String text = JsonRecords.requireText(event, settings.textField(), settings.maxTextChars());
        TokenizedText tokens = model.tokenize(text);
        if (tokens.length() <= specialTokens) {
            throw new BadRecordException(
                    BadRecordException.EMPTY_TEXT,
                    "field '"
                            + settings.textField()
                            + "' has no tokens (only whitespace or characters the tokenizer drops)");
        }
        return new Prepared(event, tokens);
    }

    @Override
    public int cost(Prepared prepared) {
        return prepared.tokens().length();
    }

    @Override
    public float[][] infer(List<Prepared> batch) throws Exception {
        return model.embed(batch.stream().map(Prepared::tokens).toList());
    }

    @Override
    public Outcome finish(SourceRecord record, Prepared prepared, float[][] vectors, int index) {
        float[] vector = vectors[index];
        ObjectNode result = prepared.event().putObject(settings.outputField());
        result.put("model", bundle.name());
        result.put("model_version", bundle.version());
        result.put("dim", vector.length);
        ArrayNode values = result.putArray("vector");
        for (float v : vector) {
            values.add(v);
        }
        return Outcome.ok(record.withValue(JsonRecords.toBytes(prepared.event())));
    }

    @Override
    public Outcome reject(SourceRecord record, BadRecordException error) {
        return Outcome.rejected(record, error, bundle.name());
    }

    public TextEmbeddingModel model() {
        return model;
    }

    public ModelBundle bundle() {
        return bundle;
    }

    @Override
    public String device() {
        return model.device();
    }

    @Override
    public boolean cpuFallback() {
        return model.session().fallbackReason() != null;
    }

    @Override
    public void stopRuns() {
        model.session().stopRuns();
    }

    @Override
    public void close() {
        model.close();
    }
}
