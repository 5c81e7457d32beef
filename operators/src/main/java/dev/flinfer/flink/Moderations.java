package dev.flinfer.flink;

import dev.flinfer.image.ImageLimits;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.moderation.Decision;
import dev.flinfer.tasks.moderation.ModerationPolicy;
import dev.flinfer.tasks.moderation.ModerationSettings;
import dev.flinfer.tasks.moderation.ModerationTask;
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
public final class Moderations extends InferenceStage<ModerationSettings> {
    private static final long serialVersionUID = 1L;

    private static final OutputTag<SourceRecord> REVIEW =
            new OutputTag<>("flinfer-moderation-review", TypeInformation.of(SourceRecord.class));
    private static final OutputTag<SourceRecord> BLOCKED =
            new OutputTag<>("flinfer-moderation-blocked", TypeInformation.of(SourceRecord.class));

    private Moderations(ModerationSettings settings, BatchedInference batching) {
        super(ModerationTask.INSTANCE, settings, batching);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Moderated posts by decision, order kept within each. */
    @PublicEvolving
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

    /**
     * Builds {@link Moderations}; {@link #setPolicy(Path)} reads and checks the policy file at
     * once. {@code setModel} sets the text model.
     */
    @PublicEvolving
    public static final class Builder extends InferenceBuilder<Builder, ModerationSettings> {
        private ModerationPolicy policy;

        private Builder() {
            super(ModerationTask.INSTANCE);
            setModel(ModerationSettings.DEFAULT_TEXT_MODEL);
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder setImageModel(String model) {
            return set(FlinferOptions.IMAGE_MODEL, model);
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
            return set(FlinferOptions.TEXT_FIELD, field);
        }

        public Builder setImageField(String field) {
            return set(FlinferOptions.IMAGE_FIELD, field);
        }

        public Builder setMaxTextChars(int chars) {
            return set(FlinferOptions.MAX_TEXT_CHARS, chars);
        }

        public Builder setLimits(ImageLimits limits) {
            return limits(limits);
        }

        /**
         * Whether baseline and progressive JPEGs are decoded at 1/2, 1/4 or 1/8 of their size where
         * the resize allows (default true); false decodes every image at full size, as Hugging
         * Face's processors do.
         */
        public Builder setReducedDecoding(boolean reduced) {
            return set(FlinferOptions.REDUCED_DECODING, reduced);
        }

        public Moderations build() {
            if (policy == null && config().getOptional(FlinferOptions.POLICY).isEmpty()) {
                throw new IllegalStateException("No policy set: call setPolicy(file)");
            }
            return new Moderations(ModerationTask.INSTANCE.settings(config(), policy), batching());
        }
    }
}
