package dev.flinfer.tasks.imageclassification;

import static dev.flinfer.tasks.FlinferOptions.IMAGE_FIELD;
import static dev.flinfer.tasks.FlinferOptions.INPUT_FORMAT;
import static dev.flinfer.tasks.FlinferOptions.MAX_IMAGE_BYTES;
import static dev.flinfer.tasks.FlinferOptions.MAX_IMAGE_PIXELS;
import static dev.flinfer.tasks.FlinferOptions.REDUCED_DECODING;

import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.classification.LabelsJson;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.image.Base64Images;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.image.ImageRecordReader;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.RecordReader;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.OptionRules;
import dev.flinfer.tasks.RecordTask;
import dev.flinfer.tasks.TaskBase;
import dev.flinfer.tasks.Tasks;
import dev.flinfer.tasks.imageclassification.ImageClassificationSettings.InputFormat;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Image classification with any Hugging Face-layout image classifier (ViT and others): decode
 * safely and preprocess (on the engine's preparation threads, two by default), classify a batch,
 * add the top labels. For JSON input the output is the input object plus one field; for raw input
 * it is a new object with the record's id (its key) and where it came from:
 *
 * <pre>{@code
 * {"id": "img-7", "source": {"topic": "images", "partition": 0, "offset": 7}, "image_bytes": 5120,
 *  "classification": {"model": "text-orientation", "model_version": "sha256:...",
 *                     "labels": [{"label": "upright", "score": 0.998}, {"label": "upside_down", ...}]}}
 * }</pre>
 */
@PublicEvolving
public final class ImageClassificationTask extends TaskBase<ImageClassificationSettings> {
    private static final long serialVersionUID = 1L;

    public static final ImageClassificationTask INSTANCE = new ImageClassificationTask();

    public static final ConfigOption<String> OUTPUT_FIELD =
            FlinferOptions.outputField("classification");

    public static final ConfigOption<Integer> TOP_K = FlinferOptions.topK(5);

    /** Image decoding is the expensive part of preparation: two threads by default. */
    public static final ConfigOption<Integer> PREPARE_THREADS = FlinferOptions.prepareThreads(2);

    private ImageClassificationTask() {
        super("image-classification", "classify", Reads.IMAGE, Writes.LABELS, "text-orientation");
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(
                INPUT_FORMAT,
                IMAGE_FIELD,
                OUTPUT_FIELD,
                TOP_K,
                MAX_IMAGE_BYTES,
                MAX_IMAGE_PIXELS,
                REDUCED_DECODING);
    }

    @Override
    public ConfigOption<Integer> prepareThreads() {
        return PREPARE_THREADS;
    }

    @Override
    public ImageClassificationSettings settings(ReadableConfig config) {
        return new ImageClassificationSettings(
                Tasks.model(config),
                Tasks.session(config),
                config.get(INPUT_FORMAT),
                OptionRules.get(config, IMAGE_FIELD),
                OptionRules.get(config, OUTPUT_FIELD),
                OptionRules.get(config, TOP_K),
                limits(config),
                OptionRules.get(config, REDUCED_DECODING));
    }

    /** The image limits {@code config} sets, checked. */
    public static ImageLimits limits(ReadableConfig config) {
        return new ImageLimits(
                OptionRules.get(config, MAX_IMAGE_BYTES),
                OptionRules.get(config, MAX_IMAGE_PIXELS));
    }

    @Override
    public BatchTask<SourceRecord, ?, ?, Outcome> openRecords(
            ImageClassificationSettings settings) {
        ImageClassificationModel model = openModel(settings);
        RecordReader<byte[]> reader =
                settings.inputFormat() == InputFormat.RAW
                        ? ImageRecordReader.raw()
                        : ImageRecordReader.json(
                                new Base64Images(settings.imageField(), settings.limits()));
        return new RecordTask<>(
                reader,
                model,
                (event, scores) ->
                        LabelsJson.write(
                                event.putObject(settings.outputField()),
                                model.bundle(),
                                null,
                                scores));
    }

    @Override
    public ImageClassificationModel openModel(ImageClassificationSettings settings) {
        return ImageClassificationModel.open(
                ModelCatalog.resolve(settings.model()),
                settings.session(),
                settings.topK(),
                settings.limits(),
                settings.reducedDecoding());
    }

    /** The one instance, also after deserialization. */
    private Object readResolve() {
        return INSTANCE;
    }
}
