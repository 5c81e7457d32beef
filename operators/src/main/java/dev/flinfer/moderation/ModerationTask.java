package dev.flinfer.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.classification.LabelScore;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.JsonRecords;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.RecordHeader;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.text.TokenizedText;
import dev.flinfer.textclassification.TextClassificationModel;
import dev.flinfer.textclassification.TextClassificationTask;
import dev.flinfer.textclassification.TextInput;
import dev.flinfer.vision.ImageClassificationModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moderates posts ({@code {"id": ..., "text"?: ..., "image"?: base64}}): tokenizes the text and
 * decodes the image (prepare), runs the text classifier on the posts with text and the image
 * classifier on those with an image (infer), applies the policy (finish). The output is the post
 * plus one field, and a {@code flinfer.moderation.decision} header:
 *
 * <pre>{@code
 * {"id": "p1", "text": "...", "moderation": {"decision": "blocked",
 *   "reasons": ["text: threat 0.990 >= block 0.60"], "policy": "policy.yaml",
 *   "text": {"model": "moderation-minilm-zeroshot-prototypes", "model_version": "sha256:...",
 *            "problem_type": "multi_label_classification", "labels": [...]}}}
 * }</pre>
 *
 * <p>A post with neither part is a dead letter ({@code missing-field}), as is a bad part.
 */
public final class ModerationTask
        implements BatchTask<
                SourceRecord, ModerationTask.Prepared, ModerationTask.Scores, Outcome> {

    /** A parsed post, its tokens and its pixels (each null when the post lacks that part). */
    public record Prepared(ObjectNode event, TokenizedText tokens, float[] pixels) {}

    /** Scores of a batch, one row per post (null for a part the post lacks). */
    public record Scores(float[][] text, float[][] image) {}

    private final ModerationSettings settings;
    private final ModelBundle textBundle;
    private final ModelBundle imageBundle;
    private final TextClassificationModel textModel;
    private final ImageClassificationModel imageModel;
    private final TextInput textInput;
    private final ImageInput imageInput;

    private ModerationTask(
            ModerationSettings settings,
            ModelBundle textBundle,
            TextClassificationModel textModel,
            ModelBundle imageBundle,
            ImageClassificationModel imageModel) {
        this.settings = settings;
        this.textBundle = textBundle;
        this.textModel = textModel;
        this.imageBundle = imageBundle;
        this.imageModel = imageModel;
        this.textInput = new TextInput(textModel, settings.textField(), settings.maxTextChars());
        this.imageInput = new ImageInput(imageModel, settings.imageField(), settings.limits());
    }

    /**
     * Opens both models and checks the policy's labels against them; fails at once, naming the
     * file, when either cannot be used.
     */
    public static ModerationTask open(ModerationSettings settings) {
        ModelBundle textBundle = ModelCatalog.resolve(settings.textModel());
        ModelBundle imageBundle = ModelCatalog.resolve(settings.imageModel());
        TextClassificationModel text =
                TextClassificationModel.open(textBundle, settings.session(), 0);
        try {
            ImageClassificationModel image =
                    ImageClassificationModel.open(imageBundle, settings.session(), 0);
            try {
                ModerationPolicy policy = settings.policy();
                policy.checkLabels(
                        ModerationPolicy.TEXT, text.classifier().labels(), textBundle.name());
                policy.checkLabels(
                        ModerationPolicy.IMAGE, image.classifier().labels(), imageBundle.name());
                return new ModerationTask(settings, textBundle, text, imageBundle, image);
            } catch (RuntimeException e) {
                image.close();
                throw e;
            }
        } catch (RuntimeException e) {
            text.close();
            throw e;
        }
    }

    @Override
    public Prepared prepare(SourceRecord record) throws BadRecordException {
        ObjectNode event = JsonRecords.parseObject(record, imageInput.maxRecordBytes());
        boolean hasText = present(event, settings.textField());
        boolean hasImage = present(event, settings.imageField());
        if (!hasText && !hasImage) {
            throw new BadRecordException(
                    BadRecordException.MISSING_FIELD,
                    "a post needs a '"
                            + settings.textField()
                            + "' or an '"
                            + settings.imageField()
                            + "' field, it has neither");
        }
        TokenizedText tokens = hasText ? textInput.tokens(event) : null;
        float[] pixels = hasImage ? imageInput.pixels(event) : null;
        return new Prepared(event, tokens, pixels);
    }

    @Override
    public int cost(Prepared prepared) {
        return (prepared.tokens() == null ? 0 : prepared.tokens().length())
                + (prepared.pixels() == null ? 0 : 1);
    }

    @Override
    public Scores infer(List<Prepared> batch) throws Exception {
        List<Integer> textRows = new ArrayList<>();
        List<Integer> imageRows = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).tokens() != null) {
                textRows.add(i);
            }
            if (batch.get(i).pixels() != null) {
                imageRows.add(i);
            }
        }
        float[][] text = new float[batch.size()][];
        float[][] image = new float[batch.size()][];
        if (!textRows.isEmpty()) {
            float[][] logits =
                    textModel.infer(textRows.stream().map(i -> batch.get(i).tokens()).toList());
            for (int j = 0; j < textRows.size(); j++) {
                text[textRows.get(j)] = logits[j];
            }
        }
        if (!imageRows.isEmpty()) {
            float[][] scores =
                    imageModel.infer(imageRows.stream().map(i -> batch.get(i).pixels()).toList());
            for (int j = 0; j < imageRows.size(); j++) {
                image[imageRows.get(j)] = scores[j];
            }
        }
        return new Scores(text, image);
    }

    @Override
    public Outcome finish(SourceRecord record, Prepared prepared, Scores scores, int index) {
        Map<String, List<LabelScore>> byPart = new LinkedHashMap<>();
        if (scores.text()[index] != null) {
            byPart.put(ModerationPolicy.TEXT, textModel.classify(scores.text()[index]));
        }
        if (scores.image()[index] != null) {
            byPart.put(ModerationPolicy.IMAGE, imageModel.classify(scores.image()[index]));
        }
        Verdict verdict = settings.policy().decide(byPart);
        ObjectNode result = prepared.event().putObject(settings.outputField());
        result.put("decision", verdict.decision().label());
        verdict.reasons().forEach(result.putArray("reasons")::add);
        result.put("policy", settings.policy().source());
        if (byPart.containsKey(ModerationPolicy.TEXT)) {
            TextClassificationTask.write(
                    result.putObject(ModerationPolicy.TEXT),
                    textBundle,
                    textModel,
                    byPart.get(ModerationPolicy.TEXT));
        }
        if (byPart.containsKey(ModerationPolicy.IMAGE)) {
            ObjectNode image = result.putObject(ModerationPolicy.IMAGE);
            image.put("model", imageBundle.name());
            image.put("model_version", imageBundle.version());
            var labels = image.putArray("labels");
            for (LabelScore score : byPart.get(ModerationPolicy.IMAGE)) {
                labels.addObject().put("label", score.label()).put("score", score.score());
            }
        }
        SourceRecord out = record.withValue(JsonRecords.toBytes(prepared.event()));
        out.headers = new ArrayList<>(record.headers);
        out.headers.removeIf(h -> ModerationSettings.DECISION_HEADER.equals(h.key));
        out.headers.add(
                new RecordHeader(
                        ModerationSettings.DECISION_HEADER,
                        verdict.decision().label().getBytes(StandardCharsets.UTF_8)));
        return Outcome.ok(out);
    }

    /** The decision an output record of this task carries in its header, or null. */
    public static Decision decisionOf(SourceRecord record) {
        for (RecordHeader header : record.headers) {
            if (ModerationSettings.DECISION_HEADER.equals(header.key) && header.value != null) {
                return Decision.of(new String(header.value, StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    @Override
    public Outcome reject(SourceRecord record, BadRecordException error) {
        return Outcome.rejected(record, error, textBundle.name() + "+" + imageBundle.name());
    }

    @Override
    public String device() {
        return textModel.session().activeDevice();
    }

    @Override
    public boolean cpuFallback() {
        return textModel.session().fallbackReason() != null
                || imageModel.session().fallbackReason() != null;
    }

    @Override
    public void stopRuns() {
        textModel.session().stopRuns();
        imageModel.session().stopRuns();
    }

    @Override
    public void close() {
        try {
            textModel.close();
        } finally {
            imageModel.close();
        }
    }

    private static boolean present(ObjectNode event, String field) {
        JsonNode node = field.startsWith("/") ? event.at(field) : event.get(field);
        return node != null && !node.isMissingNode() && !node.isNull();
    }
}
