package dev.flinfer.tasks.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.classification.LabelScore;
import dev.flinfer.image.Base64Images;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.JsonRecords;
import dev.flinfer.tasks.ModelTask;
import dev.flinfer.tasks.imageclassification.ImageClassificationModel;
import dev.flinfer.tasks.textclassification.TextClassificationModel;
import dev.flinfer.text.TokenizedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Moderates posts ({@code {"id": ..., "text"?: ..., "image"?: base64}}) with two models: tokenizes
 * the text and decodes the image (prepare), runs the text classifier on the posts of a batch with
 * text and the image classifier on those with an image (infer), applies the policy (result).
 *
 * <pre>{@code
 * try (ModerationModel model = ModerationModel.open(settings)) {
 *     ModerationModel.Moderated result = model.result(model.infer(List.of(model.prepare(post))), 0);
 * }
 * }</pre>
 *
 * <p>A post with neither part is {@code missing-field}; a bad part makes the post bad.
 */
@PublicEvolving
public final class ModerationModel
        extends ModelTask<
                ObjectNode,
                ModerationModel.Prepared,
                ModerationModel.Scores,
                ModerationModel.Moderated> {

    /** A post's tokens and pixels (each null when the post lacks that part). */
    @PublicEvolving
    public record Prepared(TokenizedText tokens, float[] pixels) {}

    /** Scores of a batch, one row per post (null for a part the post lacks). */
    @PublicEvolving
    public record Scores(float[][] text, float[][] image) {}

    /** The policy's verdict on a post, and each part's labelled scores, by part. */
    @PublicEvolving
    public record Moderated(Verdict verdict, Map<String, List<LabelScore>> byPart) {}

    private final ModerationSettings settings;
    private final TextClassificationModel textModel;
    private final ImageClassificationModel imageModel;
    private final Base64Images images;

    private ModerationModel(
            ModerationSettings settings,
            TextClassificationModel textModel,
            ImageClassificationModel imageModel) {
        super(List.of(textModel.session(), imageModel.session()), List.of(textModel, imageModel));
        this.settings = settings;
        this.textModel = textModel;
        this.imageModel = imageModel;
        this.images = new Base64Images(settings.imageField(), settings.limits());
    }

    /**
     * Opens both models and checks the policy's labels against them; fails at once, naming the
     * file, when either cannot be used.
     */
    public static ModerationModel open(ModerationSettings settings) {
        ModelBundle textBundle = ModelCatalog.resolve(settings.textModel());
        ModelBundle imageBundle = ModelCatalog.resolve(settings.imageModel());
        TextClassificationModel text =
                TextClassificationModel.open(textBundle, settings.session(), 0);
        ImageClassificationModel image =
                closingOnFailure(
                        text,
                        () ->
                                ImageClassificationModel.open(
                                        imageBundle,
                                        settings.session(),
                                        0,
                                        settings.limits(),
                                        settings.reducedDecoding()));
        ModerationModel model = new ModerationModel(settings, text, image);
        return closingOnFailure(
                model,
                () -> {
                    ModerationPolicy policy = settings.policy();
                    policy.checkLabels(
                            ModerationPolicy.TEXT, text.classifier().labels(), textBundle.name());
                    policy.checkLabels(
                            ModerationPolicy.IMAGE,
                            image.classifier().labels(),
                            imageBundle.name());
                    return model;
                });
    }

    /** The largest post record: an image within the limits, as base64, and the rest. */
    public int maxRecordBytes() {
        return images.maxRecordBytes();
    }

    @Override
    public Prepared prepare(ObjectNode post) throws BadRecordException {
        boolean hasText = present(post, settings.textField());
        boolean hasImage = present(post, settings.imageField());
        if (!hasText && !hasImage) {
            throw new BadRecordException(
                    BadRecordException.MISSING_FIELD,
                    "a post needs a '"
                            + settings.textField()
                            + "' or an '"
                            + settings.imageField()
                            + "' field, it has neither");
        }
        TokenizedText tokens =
                hasText
                        ? textModel.prepare(
                                JsonRecords.requireText(
                                        post, settings.textField(), settings.maxTextChars()))
                        : null;
        float[] pixels = hasImage ? imageModel.prepare(images.read(post)) : null;
        return new Prepared(tokens, pixels);
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
            scatter(
                    textModel.infer(textRows.stream().map(i -> batch.get(i).tokens()).toList()),
                    textRows,
                    text);
        }
        if (!imageRows.isEmpty()) {
            scatter(
                    imageModel.infer(imageRows.stream().map(i -> batch.get(i).pixels()).toList()),
                    imageRows,
                    image);
        }
        return new Scores(text, image);
    }

    @Override
    public Moderated result(Scores scores, int index) {
        Map<String, List<LabelScore>> byPart = new LinkedHashMap<>();
        if (scores.text()[index] != null) {
            byPart.put(ModerationPolicy.TEXT, textModel.classify(scores.text()[index]));
        }
        if (scores.image()[index] != null) {
            byPart.put(ModerationPolicy.IMAGE, imageModel.classify(scores.image()[index]));
        }
        return new Moderated(settings.policy().decide(byPart), byPart);
    }

    @Override
    public ModelBundle bundle() {
        return textModel.bundle();
    }

    @Override
    public String modelName() {
        return textModel.bundle().name() + "+" + imageModel.bundle().name();
    }

    public TextClassificationModel textModel() {
        return textModel;
    }

    public ImageClassificationModel imageModel() {
        return imageModel;
    }

    private static void scatter(float[][] rows, List<Integer> positions, float[][] into) {
        for (int j = 0; j < positions.size(); j++) {
            into[positions.get(j)] = rows[j];
        }
    }

    private static boolean present(ObjectNode event, String field) {
        JsonNode node = field.startsWith("/") ? event.at(field) : event.get(field);
        return node != null && !node.isMissingNode() && !node.isNull();
    }
}
