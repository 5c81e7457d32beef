package dev.flinfer.generation;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A finished generation: its text (the model's tokenizer, special tokens left out), how many new
 * tokens it holds (the end-of-sequence token not counted) and why it ended.
 *
 * @param text the generated text, without the prompt
 * @param tokens new tokens in {@code text}
 * @param finishReason {@code eos}, {@code length} or {@code stop}
 */
@PublicEvolving
public record Generated(String text, int tokens, FinishReason finishReason) {

    /** Why a generation ended. */
    @PublicEvolving
    public enum FinishReason {
        /** The model chose its end-of-sequence token. */
        EOS,
        /** {@code maxNewTokens} were made, or the context is full. */
        LENGTH,
        /** A stop string appeared; the text ends before it. */
        STOP;

        /** The name in output records: {@code eos}, {@code length}, {@code stop}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
