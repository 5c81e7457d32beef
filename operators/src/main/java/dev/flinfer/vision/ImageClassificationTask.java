package dev.flinfer.vision;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.classification.LabelScore;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.image.ImageDecoder;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.record.JsonRecords;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Classifies the image of each record: decode safely and preprocess (prepare, off the inference
 * thread), run a batch (infer), add the top labels to the event (finish). For JSON input the output
 * is the input object plus one field; for raw input it is a new object with the record's id (its
 * key) and where it came from:
 *
 * <pre>{@code
 * {"id": "img-7", "source": {"topic": "images", "partition": 0, "offset": 7}, "image_bytes": 5120,
 *  "classification": {"model": "text-orientation", "model_version": "sha256:...",
 *                     "labels": [{"label": "upright", "score": 0.998}, {"label": "upside_down", ...}]}}
 * }</pre>
 */
public final class ImageClassificationTask
        implements BatchTask<SourceRecord, ImageClassificationTask.Prepared, float[][], Outcome> {

    /** The event to enrich and the preprocessed pixels. */
    public record Prepared(ObjectNode event, float[] pixels) {}

    private final ImageClassificationSettings settings;
    private final ModelBundle bundle;
    private final ImageClassificationModel model;
    private final ImageDecoder decoder;

    private ImageClassificationTask(
            ImageClassificationSettings settings,
            ModelBundle bundle,
            ImageClassificationModel model) {
        this.settings = settings;
        this.bundle = bundle;
        this.model = model;
        this.decoder = new ImageDecoder(settings.limits());
    }

    /** Resolves and opens the model; fails at once, naming the file, when it cannot be used. */
    public static ImageClassificationTask open(ImageClassificationSettings settings) {
        ModelBundle bundle = ModelCatalog.resolve(settings.model());
        return new ImageClassificationTask(
                settings,
                bundle,
                ImageClassificationModel.open(bundle, settings.session(), settings.topK()));
    }

    @Override
    public Prepared prepare(SourceRecord record) throws BadRecordException {
        ObjectNode event;
        byte[] image;
        if (settings.inputFormat() == ImageClassificationSettings.InputFormat.RAW) {
            if (record.value == null) {
                throw new BadRecordException(
                        BadRecordException.NULL_VALUE, "the record has no value (null)");
            }
            image = record.value;
            event = JsonRecords.newObject();
            event.put(
                    "id",
                    record.key == null ? null : new String(record.key, StandardCharsets.UTF_8));
            event.putObject("source")
                    .put("topic", record.topic)
                    .put("partition", record.partition)
                    .put("offset", record.offset);
            event.put("image_bytes", image.length);
        } else {
            // base64 takes 4/3 of the bytes, plus room for the rest of the event
            int maxRecordBytes =
                    (int)
                            Math.min(
                                    Integer.MAX_VALUE - 8,
                                    (long) settings.limits().maxEncodedBytes() * 4 / 3 + 64 * 1024);
            event = JsonRecords.parseObject(record, maxRecordBytes);
            String base64 = JsonRecords.requireText(event, settings.imageField(), maxRecordBytes);
            try {
                image = Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new BadRecordException(
                        BadRecordException.WRONG_TYPE,
                        "field '"
                                + settings.imageField()
                                + "' is not valid base64: "
                                + e.getMessage());
            }
        }
        return new Prepared(event, model.preprocessor().toTensor(decoder.decode(image)));
    }

    @Override
    public int cost(Prepared prepared) {
        return 1;
    }

    @Override
    public float[][] infer(List<Prepared> batch) throws Exception {
        return model.infer(batch.stream().map(Prepared::pixels).toList());
    }

    @Override
    public Outcome finish(SourceRecord record, Prepared prepared, float[][] scores, int index) {
        ObjectNode result = prepared.event().putObject(settings.outputField());
        result.put("model", bundle.name());
        result.put("model_version", bundle.version());
        ArrayNode labels = result.putArray("labels");
        for (LabelScore score : model.classify(scores[index])) {
            labels.addObject().put("label", score.label()).put("score", score.score());
        }
        return Outcome.ok(record.withValue(JsonRecords.toBytes(prepared.event())));
    }

    @Override
    public Outcome reject(SourceRecord record, BadRecordException error) {
        return Outcome.rejected(record, error, bundle.name());
    }

    @Override
    public String device() {
        return model.session().activeDevice();
    }

    @Override
    public boolean cpuFallback() {
        return model.session().fallbackReason() != null;
    }

    public ImageClassificationModel model() {
        return model;
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
