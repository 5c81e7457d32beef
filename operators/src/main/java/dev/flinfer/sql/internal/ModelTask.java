package dev.flinfer.sql.internal;

import java.util.Locale;
import org.apache.flink.annotation.Internal;

/** The {@code 'task'} of an onnx model, and what its input column holds. */
@Internal
public enum ModelTask {
    EMBEDDING,
    CLASSIFICATION;

    /** The option value: {@code embedding} or {@code classification}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the single input column holds. */
    public enum Input {
        /** STRING: a text, tokenized with the bundle's tokenizer.json. */
        TEXT,
        /** BYTES: an encoded image, decoded and preprocessed with preprocessor_config.json. */
        IMAGE
    }
}
