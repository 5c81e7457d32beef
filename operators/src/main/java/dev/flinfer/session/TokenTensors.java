package dev.flinfer.session;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import dev.flinfer.text.TokenBatch;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * The feeds of a BERT-style graph for a {@link TokenBatch}: {@code input_ids}, and {@code
 * attention_mask} and {@code token_type_ids} only when the graph declares them (DistilBERT and
 * RoBERTa exports have no {@code token_type_ids}).
 *
 * <pre>{@code
 * Map<String, OnnxTensor> feeds = TokenTensors.feeds(session, TokenBatch.pad(texts, padId, buffers::longs));
 * try { session.run(feeds) ... } finally { TokenTensors.close(feeds); }
 * }</pre>
 */
@Internal
public final class TokenTensors {
    private TokenTensors() {}

    /** Tensors over the batch's buffers (no copy when they are direct), for declared inputs. */
    public static Map<String, OnnxTensor> feeds(ModelSession session, TokenBatch batch)
            throws OrtException {
        Map<String, LongBuffer> arrays =
                Map.of(
                        TokenBatch.INPUT_IDS, batch.inputIds(),
                        TokenBatch.ATTENTION_MASK, batch.attentionMask(),
                        TokenBatch.TOKEN_TYPE_IDS, batch.typeIds());
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (String name : session.inputs().keySet()) {
                LongBuffer data = arrays.get(name);
                if (data != null) {
                    feeds.put(
                            name,
                            OnnxTensor.createTensor(session.environment(), data, batch.shape()));
                }
            }
            return feeds;
        } catch (OrtException | RuntimeException e) {
            close(feeds);
            throw e;
        }
    }

    public static void close(Map<String, OnnxTensor> feeds) {
        feeds.values().forEach(OnnxTensor::close);
    }
}
