package dev.flinfer.sql.internal;

import dev.flinfer.engine.BatchPolicy;
import dev.flinfer.image.ImageLimits;
import dev.flinfer.session.SessionSettings;
import dev.flinfer.sql.OnnxModelOptions.OnError;
import java.io.Serializable;
import org.apache.flink.annotation.Internal;

/**
 * Everything a task manager needs to run one {@code CREATE MODEL ... 'provider' = 'onnx'}: checked
 * at planning by {@link ModelSpecs}, shipped with the job, opened in the predict function.
 *
 * @param name the model's SQL name, for threads, logs and errors
 * @param task embedding or classification
 * @param input text or image
 * @param model bundled model name or bundle directory
 * @param session device and threads
 * @param policy batch size, latency and preparation threads
 * @param topK labels in a labels column (0 = all)
 * @param maxTextChars longer texts are bad rows
 * @param limits image size limits
 * @param onError what a bad row becomes
 * @param layout how results fill the output columns
 */
@Internal
public record ModelSpec(
        String name,
        ModelTask task,
        ModelTask.Input input,
        String model,
        SessionSettings session,
        BatchPolicy policy,
        int topK,
        int maxTextChars,
        ImageLimits limits,
        OnError onError,
        OutputLayout layout)
        implements Serializable {}
