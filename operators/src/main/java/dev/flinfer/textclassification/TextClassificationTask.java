package dev.flinfer.textclassification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.classification.LabelScore;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.JsonRecords;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.text.TokenizedText;
import java.util.List;

/**
 * Classifies the text of JSON events: parse and tokenize (prepare), run a batch (infer), add the
 * labels to the event (finish). The output event is the input object plus one field:
 *
 * <pre>{@code
 * {"id": "1", "text": "...",
 *  "classification": {"model": "moderation-minilm-zeroshot-prototypes", "model_version": "sha256:...",
 *                     "problem_type": "multi_label_classification",
 *                     "labels": [{"label": "spam", "score": 0.94}, ...]}}
 * }</pre>
 */
public final class TextClassificationTask
        implements BatchTask<SourceRecord, TextClassificationTask.Prepared, float[][], Outcome> {

    /** A parsed event and its tokens. */
    public record Prepared(ObjectNode event, TokenizedText tokens) {}

    private final TextClassificationSettings settings;
    private final ModelBundle bundle;
    private final TextClassificationModel model;
    private final TextInput input;

    private TextClassificationTask(
            TextClassificationSettings settings,
            ModelBundle bundle,
            TextClassificationModel model) {
        this.settings = settings;
        this.bundle = bundle;
        this.model = model;
        this.input = new TextInput(model, settings.textField(), settings.maxTextChars());
    }

    /** Resolves and opens the model; fails at once, naming the file, when it cannot be used. */
    public static TextClassificationTask open(TextClassificationSettings settings) {
        ModelBundle bundle = ModelCatalog.resolve(settings.model());
        return new TextClassificationTask(
                settings,
                bundle,
                TextClassificationModel.open(bundle, settings.session(), settings.topK()));
    }

    @Override
    public Prepared prepare(SourceRecord record) throws BadRecordException {
        ObjectNode event = JsonRecords.parseObject(record, settings.maxRecordBytes());
        return new Prepared(event, input.tokens(event));
    }

    @Override
    public int cost(Prepared prepared) {
        return prepared.tokens().length();
    }

    @Override
    public float[][] infer(List<Prepared> batch) throws Exception {
        return model.infer(batch.stream().map(Prepared::tokens).toList());
    }

    @Override
    public Outcome finish(SourceRecord record, Prepared prepared, float[][] logits, int index) {
        ObjectNode result = prepared.event().putObject(settings.outputField());
        write(result, bundle, model, model.classify(logits[index]));
        return Outcome.ok(record.withValue(JsonRecords.toBytes(prepared.event())));
    }

    /** Writes model, version, problem type and labelled scores into {@code result}. */
    public static void write(
            ObjectNode result,
            ModelBundle bundle,
            TextClassificationModel model,
            List<LabelScore> scores) {
        result.put("model", bundle.name());
        result.put("model_version", bundle.version());
        result.put(
                "problem_type",
                model.classifier().multiLabel()
                        ? "multi_label_classification"
                        : "single_label_classification");
        var labels = result.putArray("labels");
        for (LabelScore score : scores) {
            labels.addObject().put("label", score.label()).put("score", score.score());
        }
    }

    @Override
    public Outcome reject(SourceRecord record, BadRecordException error) {
        return Outcome.rejected(record, error, bundle.name());
    }

    public TextClassificationModel model() {
        return model;
    }

    @Override
    public String device() {
        return model.session().activeDevice();
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
