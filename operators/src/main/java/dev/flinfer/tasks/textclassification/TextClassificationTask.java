package dev.flinfer.tasks.textclassification;

import static dev.flinfer.tasks.FlinferOptions.MAX_RECORD_BYTES;
import static dev.flinfer.tasks.FlinferOptions.MAX_TEXT_CHARS;
import static dev.flinfer.tasks.FlinferOptions.TEXT_FIELD;

import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.classification.LabelsJson;
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
 * Text classification with any Hugging Face sequence-classification export (BERT, DistilBERT,
 * RoBERTa) or a composed zero-shot classifier. The output event is the input object plus one field:
 *
 * <pre>{@code
 * {"id": "1", "text": "...",
 *  "classification": {"model": "moderation-minilm-zeroshot-prototypes", "model_version": "sha256:...",
 *                     "problem_type": "multi_label_classification",
 *                     "labels": [{"label": "spam", "score": 0.94}, ...]}}
 * }</pre>
 */
@PublicEvolving
public final class TextClassificationTask extends TaskBase<TextClassificationSettings> {
    private static final long serialVersionUID = 1L;

    public static final TextClassificationTask INSTANCE = new TextClassificationTask();

    public static final ConfigOption<String> OUTPUT_FIELD =
            FlinferOptions.outputField("classification");

    /** Every label by default: a text classifier has few, and multi-label ones need them all. */
    public static final ConfigOption<Integer> TOP_K = FlinferOptions.topK(0);

    private TextClassificationTask() {
        super(
                "text-classification",
                "classify",
                Reads.TEXT,
                Writes.LABELS,
                "moderation-minilm-zeroshot-prototypes");
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(TEXT_FIELD, OUTPUT_FIELD, TOP_K, MAX_TEXT_CHARS, MAX_RECORD_BYTES);
    }

    @Override
    public TextClassificationSettings settings(ReadableConfig config) {
        return new TextClassificationSettings(
                Tasks.model(config),
                Tasks.session(config),
                OptionRules.get(config, TEXT_FIELD),
                OptionRules.get(config, OUTPUT_FIELD),
                OptionRules.get(config, TOP_K),
                OptionRules.get(config, MAX_TEXT_CHARS),
                OptionRules.get(config, MAX_RECORD_BYTES));
    }

    @Override
    public BatchTask<SourceRecord, ?, ?, Outcome> openRecords(TextClassificationSettings settings) {
        TextClassificationModel model = openModel(settings);
        TextFieldReader reader =
                new TextFieldReader(
                        settings.textField(), settings.maxTextChars(), settings.maxRecordBytes());
        return new RecordTask<>(
                reader,
                model,
                (event, scores) ->
                        LabelsJson.write(
                                event.putObject(settings.outputField()),
                                model.bundle(),
                                model.classifier(),
                                scores));
    }

    @Override
    public TextClassificationModel openModel(TextClassificationSettings settings) {
        return TextClassificationModel.open(
                ModelCatalog.resolve(settings.model()), settings.session(), settings.topK());
    }

    /** The one instance, also after deserialization. */
    private Object readResolve() {
        return INSTANCE;
    }
}
