package dev.flinfer.flink;

import dev.flinfer.engine.BatchTask;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.moderation.Decision;
import dev.flinfer.moderation.ModerationPolicy;
import dev.flinfer.moderation.ModerationSettings;
import dev.flinfer.moderation.ModerationTask;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.textclassification.TextClassificationSettings;
import java.nio.file.Path;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Moderation of posts with text, an image or both: each part scored by its model, the policy
 * decides approved / review / blocked, and {@link #route} splits the moderated posts by decision.
 *
 * <pre>{@code
 * Moderations moderation = Moderations.builder()
 *         .setPolicy(Path.of("policy.yaml"))      // read and checked here
 *         .build();                               // default models: see ModerationSettings
 * Outcomes.Split out = Outcomes.split(moderation.apply(posts));
 * Moderations.Routes routes = Moderations.route(out.records());
 * routes.blocked().sinkTo(blockedSink);
 * }</pre>
 */
@PublicEvolving
public final class Moderations extends InferenceStage {
    private static final long serialVersionUID = 1L;

    private static final OutputTag<SourceRecord> REVIEW =
            new OutputTag<>("flinfer-moderation-review", TypeInformation.of(SourceRecord.class));
    private static final OutputTag<SourceRecord> BLOCKED =
            new OutputTag<>("flinfer-moderation-blocked", TypeInformation.of(SourceRecord.class));

    private final ModerationSettings settings;

    private Moderations(ModerationSettings settings, BatchedInference batching) {
        super(batching);
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TaskFactory factory() {
        return new Factory(
                settings, "moderate-" + BatchedInference.shortName(settings.textModel()));
    }

    public ModerationSettings settings() {
        return settings;
    }

    /** Moderated posts by decision, order kept within each. */
    public record Routes(
            SingleOutputStreamOperator<SourceRecord> approved,
            DataStream<SourceRecord> review,
            DataStream<SourceRecord> blocked) {}

    /** Splits moderated posts by the decision each carries. */
    public static Routes route(DataStream<SourceRecord> moderated) {
        SingleOutputStreamOperator<SourceRecord> approved =
                moderated
                        .process(new Router(), TypeInformation.of(SourceRecord.class))
                        .name("flinfer-route-decisions");
        return new Routes(
                approved, approved.getSideOutput(REVIEW), approved.getSideOutput(BLOCKED));
    }

    private static final class Router extends ProcessFunction<SourceRecord, SourceRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(
                SourceRecord record, Context context, Collector<SourceRecord> out) {
            Decision decision = ModerationTask.decisionOf(record);
            if (decision == null) {
                throw new IllegalStateException(
                        "record " + record.position() + " carries no moderation decision");
            }
            switch (decision) {
                case APPROVED -> out.collect(record);
                case REVIEW -> context.output(REVIEW, record);
                case BLOCKED -> context.output(BLOCKED, record);
            }
        }
    }

    private record Factory(ModerationSettings settings, String name) implements TaskFactory {
        @Override
        public BatchTask<SourceRecord, ?, ?, Outcome> open() {
            return ModerationTask.open(settings);
        }
    }

    /**
     * Builds {@link Moderations}; {@link #setPolicy(Path)} reads and checks the policy file at
     * once. {@code setModel} sets the text model.
     */
    @PublicEvolving
    public static final class Builder extends InferenceBuilder<Builder> {
        private String imageModel = ModerationSettings.DEFAULT_IMAGE_MODEL;
        private ModerationPolicy policy;
        private String textField = TextClassificationSettings.DEFAULT_TEXT_FIELD;
        private String imageField = "image";
        private String outputField = ModerationSettings.DEFAULT_OUTPUT_FIELD;
        private int maxTextChars = TextClassificationSettings.DEFAULT_MAX_TEXT_CHARS;
        private ImageLimits limits = ImageLimits.DEFAULT;

        private Builder() {
            model = ModerationSettings.DEFAULT_TEXT_MODEL;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder setImageModel(String model) {
            this.imageModel = nonBlank("imageModel", model);
            return this;
        }

        /** Reads and checks the policy file (JSON or YAML); fails naming the file. */
        public Builder setPolicy(Path file) {
            this.policy = ModerationPolicy.read(file);
            return this;
        }

        public Builder setPolicy(ModerationPolicy policy) {
            if (policy == null) {
                throw new IllegalArgumentException("policy must not be null");
            }
            this.policy = policy;
            return this;
        }

        public Builder setTextField(String field) {
            this.textField = nonBlank("textField", field);
            return this;
        }

        public Builder setImageField(String field) {
            this.imageField = nonBlank("imageField", field);
            return this;
        }

        public Builder setOutputField(String field) {
            this.outputField = nonBlank("outputField", field);
            return this;
        }

        public Builder setMaxTextChars(int chars) {
            this.maxTextChars = atLeast("maxTextChars", chars, 1);
            return this;
        }

        public Builder setLimits(ImageLimits limits) {
            if (limits == null) {
                throw new IllegalArgumentException("limits must not be null");
            }
            this.limits = limits;
            return this;
        }

        public Moderations build() {
            if (policy == null) {
                throw new IllegalStateException("No policy set: call setPolicy(file)");
            }
            BatchedInference batching = validateCommon();
            return new Moderations(
                    new ModerationSettings(
                            model,
                            imageModel,
                            policy,
                            sessionSettings(),
                            textField,
                            imageField,
                            outputField,
                            maxTextChars,
                            limits),
                    batching);
        }
    }
}
