package dev.flinfer.tasks.textembedding;

import static dev.flinfer.tasks.FlinferOptions.MAX_RECORD_BYTES;
import static dev.flinfer.tasks.FlinferOptions.MAX_TEXT_CHARS;
import static dev.flinfer.tasks.FlinferOptions.TEXT_FIELD;
import static dev.flinfer.tasks.FlinferOptions.TEXT_PREFIX;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.OptionRules;
import dev.flinfer.tasks.RecordTask;
import dev.flinfer.tasks.TaskBase;
import dev.flinfer.tasks.Tasks;
import dev.flinfer.text.TextFieldReader;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Text embedding: the text of each JSON event, embedded by a sentence encoder, is added to the
 * event. The output event is the input object plus one field:
 *
 * <pre>{@code
 * {"id": "1", "text": "...", "embedding": {"model": "all-minilm-l6-v2", "model_version": "sha256:...",
 *                                          "dim": 384, "vector": [0.012, ...]}}
 * }</pre>
 */
@PublicEvolving
public final class TextEmbeddingTask extends TaskBase<TextEmbeddingSettings> {
    private static final long serialVersionUID = 1L;

    public static final TextEmbeddingTask INSTANCE = new TextEmbeddingTask();

    public static final ConfigOption<String> OUTPUT_FIELD = FlinferOptions.outputField("embedding");

    private TextEmbeddingTask() {
        super("text-embedding", "embed", Reads.TEXT, Writes.EMBEDDING, "all-minilm-l6-v2");
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(TEXT_FIELD, OUTPUT_FIELD, MAX_TEXT_CHARS, MAX_RECORD_BYTES, TEXT_PREFIX);
    }

    @Override
    public TextEmbeddingSettings settings(ReadableConfig config) {
        return new TextEmbeddingSettings(
                Tasks.model(config),
                Tasks.session(config),
                OptionRules.get(config, TEXT_FIELD),
                OptionRules.get(config, OUTPUT_FIELD),
                OptionRules.get(config, MAX_TEXT_CHARS),
                OptionRules.get(config, MAX_RECORD_BYTES),
                config.getOptional(TEXT_PREFIX).orElse(null));
    }

    @Override
    public BatchTask<SourceRecord, ?, ?, Outcome> openRecords(TextEmbeddingSettings settings) {
        TextEmbeddingModel model = openModel(settings);
        TextFieldReader reader =
                new TextFieldReader(
                        settings.textField(), settings.maxTextChars(), settings.maxRecordBytes());
        return new RecordTask<>(
                reader, model, (event, vector) -> write(event, settings, model.bundle(), vector));
    }

    @Override
    public TextEmbeddingModel openModel(TextEmbeddingSettings settings) {
        return TextEmbeddingModel.open(
                ModelCatalog.resolve(settings.model()), settings.session(), settings.textPrefix());
    }

    private static void write(
            ObjectNode event, TextEmbeddingSettings settings, ModelBundle bundle, float[] vector) {
        ObjectNode result = event.putObject(settings.outputField());
        result.put("model", bundle.name());
        result.put("model_version", bundle.version());
        result.put("dim", vector.length);
        ArrayNode values = result.putArray("vector");
        for (float v : vector) {
            values.add(v);
        }
    }

    /** The one instance, also after deserialization. */
    private Object readResolve() {
        return INSTANCE;
    }
}
