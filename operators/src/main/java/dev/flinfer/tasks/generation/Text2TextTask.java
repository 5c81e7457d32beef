package dev.flinfer.tasks.generation;

import org.apache.flink.annotation.PublicEvolving;

/**
 * {@code text2text}: an encoder-decoder model (T5, BART, Marian) rewrites each prompt (summary,
 * translation, keywords). See {@link GenerationTask} for the output.
 */
@PublicEvolving
public final class Text2TextTask extends GenerationTask {
    private static final long serialVersionUID = 1L;

    public static final Text2TextTask INSTANCE = new Text2TextTask();

    private Text2TextTask() {
        super("text2text", "rewrite", "t5-tiny-seeded", true);
    }

    /** The one instance, also after deserialization. */
    private Object readResolve() {
        return INSTANCE;
    }
}
