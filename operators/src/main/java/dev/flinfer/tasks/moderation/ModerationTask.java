package dev.flinfer.tasks.moderation;

import static dev.flinfer.tasks.FlinferOptions.IMAGE_FIELD;
import static dev.flinfer.tasks.FlinferOptions.IMAGE_MODEL;
import static dev.flinfer.tasks.FlinferOptions.MAX_IMAGE_BYTES;
import static dev.flinfer.tasks.FlinferOptions.MAX_IMAGE_PIXELS;
import static dev.flinfer.tasks.FlinferOptions.MAX_TEXT_CHARS;
import static dev.flinfer.tasks.FlinferOptions.POLICY;
import static dev.flinfer.tasks.FlinferOptions.REDUCED_DECODING;
import static dev.flinfer.tasks.FlinferOptions.TEXT_FIELD;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.classification.Classifier;
import dev.flinfer.classification.LabelScore;
import dev.flinfer.classification.LabelsJson;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.JsonRecords;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.RecordHeader;
import dev.flinfer.record.RecordReader;
import dev.flinfer.record.ResultWriter;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.OptionRules;
import dev.flinfer.tasks.RecordTask;
import dev.flinfer.tasks.TaskBase;
import dev.flinfer.tasks.Tasks;
import dev.flinfer.tasks.imageclassification.ImageClassificationTask;
import dev.flinfer.tasks.moderation.ModerationModel.Moderated;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Moderation of posts with text, an image or both: each part scored by its model, the policy
 * decides approved / review / blocked. The output is the post plus one field, and a {@code
 * flinfer.moderation.decision} header:
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
@PublicEvolving
public final class ModerationTask extends TaskBase<ModerationSettings> {
    private static final long serialVersionUID = 1L;

    public static final ModerationTask INSTANCE = new ModerationTask();

    public static final ConfigOption<String> OUTPUT_FIELD =
            FlinferOptions.outputField("moderation");

    private ModerationTask() {
        super(
                "moderation",
                "moderate",
                Reads.POST,
                Writes.DECISION,
                ModerationSettings.DEFAULT_TEXT_MODEL);
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(
                POLICY,
                IMAGE_MODEL,
                TEXT_FIELD,
                IMAGE_FIELD,
                OUTPUT_FIELD,
                MAX_TEXT_CHARS,
                MAX_IMAGE_BYTES,
                MAX_IMAGE_PIXELS,
                REDUCED_DECODING);
    }

    /**
     * Reads the policy file that {@code config} names; use {@link #settings(ReadableConfig,
     * ModerationPolicy)} to give a policy already read.
     */
    @Override
    public ModerationSettings settings(ReadableConfig config) {
        return settings(config, null);
    }

    /** The settings, with {@code policy} or, when null, the policy file {@code config} names. */
    public ModerationSettings settings(ReadableConfig config, ModerationPolicy policy) {
        if (policy == null) {
            String file =
                    config.getOptional(POLICY)
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "No policy set: call setPolicy(file)"));
            policy = ModerationPolicy.read(Path.of(OptionRules.check(POLICY, file)));
        }
        return new ModerationSettings(
                Tasks.model(config),
                OptionRules.get(config, IMAGE_MODEL),
                policy,
                Tasks.session(config),
                OptionRules.get(config, TEXT_FIELD),
                OptionRules.get(config, IMAGE_FIELD),
                OptionRules.get(config, OUTPUT_FIELD),
                OptionRules.get(config, MAX_TEXT_CHARS),
                ImageClassificationTask.limits(config),
                OptionRules.get(config, REDUCED_DECODING));
    }

    /**
     * Checks, on the client, that every label the policy names is a label of its part's model
     * ({@code config.json}); fails naming the policy file and the label.
     */
    public static void checkPolicyLabels(ModerationSettings settings) {
        check(settings.policy(), ModerationPolicy.TEXT, settings.textModel());
        check(settings.policy(), ModerationPolicy.IMAGE, settings.imageModel());
    }

    @Override
    public BatchTask<SourceRecord, ?, ?, Outcome> openRecords(ModerationSettings settings) {
        ModerationModel model = openModel(settings);
        RecordReader<ObjectNode> reader =
                record -> {
                    ObjectNode post = JsonRecords.parseObject(record, model.maxRecordBytes());
                    return new RecordReader.Read<>(post, post);
                };
        return new RecordTask<>(reader, model, new Writer(settings, model));
    }

    @Override
    public ModerationModel openModel(ModerationSettings settings) {
        return ModerationModel.open(settings);
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

    private static void check(ModerationPolicy policy, String part, String model) {
        ModelBundle bundle = ModelCatalog.resolve(model);
        policy.checkLabels(part, Classifier.fromBundle(bundle, 0).labels(), bundle.name());
    }

    /** Writes the verdict and each part's scores, and the decision header. */
    private record Writer(ModerationSettings settings, ModerationModel model)
            implements ResultWriter<Moderated> {
        @Override
        public void write(ObjectNode event, Moderated moderated) {
            ObjectNode result = event.putObject(settings.outputField());
            result.put("decision", moderated.verdict().decision().label());
            moderated.verdict().reasons().forEach(result.putArray("reasons")::add);
            result.put("policy", settings.policy().source());
            List<LabelScore> text = moderated.byPart().get(ModerationPolicy.TEXT);
            if (text != null) {
                LabelsJson.write(
                        result.putObject(ModerationPolicy.TEXT),
                        model.textModel().bundle(),
                        model.textModel().classifier(),
                        text);
            }
            List<LabelScore> image = moderated.byPart().get(ModerationPolicy.IMAGE);
            if (image != null) {
                LabelsJson.write(
                        result.putObject(ModerationPolicy.IMAGE),
                        model.imageModel().bundle(),
                        null,
                        image);
            }
        }

        @Override
        public SourceRecord output(SourceRecord record, ObjectNode event, Moderated moderated) {
            SourceRecord out = ResultWriter.super.output(record, event, moderated);
            out.headers = new ArrayList<>(record.headers);
            out.headers.removeIf(h -> ModerationSettings.DECISION_HEADER.equals(h.key));
            out.headers.add(
                    new RecordHeader(
                            ModerationSettings.DECISION_HEADER,
                            moderated
                                    .verdict()
                                    .decision()
                                    .label()
                                    .getBytes(StandardCharsets.UTF_8)));
            return out;
        }
    }

    /** The one instance, also after deserialization. */
    private Object readResolve() {
        return INSTANCE;
    }
}
