package dev.flinfer.tasks.generation;

import org.apache.flink.annotation.PublicEvolving;

/**
 * {@code text-generation}: a decoder-only model (GPT-2, Llama/Qwen-style) continues each prompt.
 * See {@link GenerationTask} for the output.
 */
@PublicEvolving
public final class TextGenerationTask extends GenerationTask {
    private static final long serialVersionUID = 1L;

    public static final TextGenerationTask INSTANCE = new TextGenerationTask();

    private TextGenerationTask() {
        super("text-generation", "generate", "gpt2-tiny-seeded", false);
    }

    /** The one instance, also after deserialization. */
    private Object readResolve() {
        return INSTANCE;
    }
}
