package dev.flinfer.flink;

import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.generation.GenerationSettings;
import dev.flinfer.tasks.generation.GenerationTask;
import dev.flinfer.tasks.generation.Text2TextTask;
import dev.flinfer.tasks.generation.TextGenerationTask;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Text generation for a stream of JSON events, with continuous batching: a decoder-only model
 * ({@link #textGeneration()}: GPT-2, Llama/Qwen-style exports) continues each prompt, an
 * encoder-decoder model ({@link #text2text()}: T5, BART, Marian) rewrites it. Each event gets
 * {@code {"generation": {"model", "model_version", "text", "tokens", "finish_reason"}}}.
 *
 * <pre>{@code
 * TextGenerations summaries = TextGenerations.text2text()
 *         .setModel("/models/t5-small")              // an Optimum export
 *         .setPromptTemplate("summarize: {text}")
 *         .setMaxNewTokens(48)
 *         .setNumBeams(4)
 *         .build();
 * Outcomes.Split out = Outcomes.split(summaries.apply(records));
 * }</pre>
 */
@PublicEvolving
public final class TextGenerations extends InferenceStage<GenerationSettings> {
    private static final long serialVersionUID = 1L;

    private TextGenerations(
            GenerationTask task, GenerationSettings settings, BatchedInference batching) {
        super(task, settings, batching);
    }

    /** A decoder-only model continues each prompt ({@code text-generation}). */
    public static Builder textGeneration() {
        return new Builder(TextGenerationTask.INSTANCE);
    }

    /** An encoder-decoder model rewrites each prompt ({@code text2text}). */
    public static Builder text2text() {
        return new Builder(Text2TextTask.INSTANCE);
    }

    /** Builds {@link TextGenerations}; setters check values, {@link #build()} together. */
    @PublicEvolving
    public static final class Builder extends InferenceBuilder<Builder, GenerationSettings> {
        private final GenerationTask task;

        private Builder(GenerationTask task) {
            super(task);
            this.task = task;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** JSON field with the prompt's text ('/a/b' is a JSON Pointer). */
        public Builder setPromptField(String field) {
            return set(FlinferOptions.PROMPT_FIELD, field);
        }

        /** The prompt, {@code {text}} standing for the record's text. */
        public Builder setPromptTemplate(String template) {
            return set(FlinferOptions.PROMPT_TEMPLATE, template);
        }

        public Builder setMaxNewTokens(int tokens) {
            return set(FlinferOptions.MAX_NEW_TOKENS, tokens);
        }

        public Builder setMinNewTokens(int tokens) {
            return set(FlinferOptions.MIN_NEW_TOKENS, tokens);
        }

        /** Beam search over {@code beams}; 1 = greedy or sampling. */
        public Builder setNumBeams(int beams) {
            return set(FlinferOptions.NUM_BEAMS, beams);
        }

        /** 0 = greedy; above 0 samples, seeded per record. */
        public Builder setTemperature(double temperature) {
            return set(FlinferOptions.TEMPERATURE, temperature);
        }

        public Builder setSamplingTopK(int k) {
            return set(FlinferOptions.SAMPLING_TOP_K, k);
        }

        public Builder setTopP(double p) {
            return set(FlinferOptions.TOP_P, p);
        }

        public Builder setRepetitionPenalty(double penalty) {
            return set(FlinferOptions.REPETITION_PENALTY, penalty);
        }

        /** Mixed with each record's topic, partition and offset for sampling. */
        public Builder setSeed(long seed) {
            return set(FlinferOptions.SEED, seed);
        }

        public Builder setStopStrings(List<String> stops) {
            return set(FlinferOptions.STOP, List.copyOf(stops));
        }

        /** The running batch's cache bound: prompt + max new tokens, summed over its sequences. */
        public Builder setMaxBatchTokens(long tokens) {
            return set(FlinferOptions.MAX_BATCH_TOKENS, tokens);
        }

        public TextGenerations build() {
            return built(new TextGenerations(task, settings(), batching()));
        }
    }
}
