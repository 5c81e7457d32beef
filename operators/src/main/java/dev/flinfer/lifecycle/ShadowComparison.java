package dev.flinfer.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * How a record's result on the shadow version compares with the serving version's: for embeddings
 * the cosine of the two vectors, for labels whether the top labels agree and how far their scores
 * are, for generated text whether the texts are the same, for anything else whether the results are
 * equal. One comparison per record goes to the comparison output:
 *
 * <pre>{@code
 * {"source": "posts/0@17", "key": "id-17", "model": "classifier", "primary_version": 2,
 *  "shadow_version": 3, "agree": true, "primary_label": "cat", "shadow_label": "cat",
 *  "score_diff": 0.013}
 * }</pre>
 *
 * <p>Embeddings agree when their cosine is at least {@link #AGREEING_COSINE}.
 *
 * @param agree whether the two results agree
 * @param cosine the embeddings' cosine, NaN when the results are not embeddings
 * @param json the comparison as it is written out
 */
@PublicEvolving
public record ShadowComparison(boolean agree, double cosine, byte[] json) {
    /** The cosine from which two embeddings count as agreeing. */
    public static final double AGREEING_COSINE = 0.99;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one version gave for a record: its output value, or the reason it was refused. */
    @PublicEvolving
    public record Side(int version, byte[] output, String error) {}

    /** Compares {@code primary} and {@code shadow} for the record at {@code source}. */
    public static ShadowComparison compare(
            String model, String source, byte[] key, Side primary, Side shadow) {
        ObjectNode out = JSON.createObjectNode().put("source", source);
        out.put("key", key == null ? null : keyText(key));
        out.put("model", model)
                .put("primary_version", primary.version())
                .put("shadow_version", shadow.version());
        if (primary.error() != null || shadow.error() != null) {
            boolean both = primary.error() != null && shadow.error() != null;
            if (primary.error() != null) {
                out.put("primary_error", primary.error());
            }
            if (shadow.error() != null) {
                out.put("shadow_error", shadow.error());
            }
            out.put("agree", both);
            return new ShadowComparison(both, Double.NaN, bytes(out));
        }
        JsonNode a = result(primary.output());
        JsonNode b = result(shadow.output());
        boolean agree;
        double cosine = Double.NaN;
        if (a.has("vector") && b.has("vector")) {
            cosine = cosine(a.get("vector"), b.get("vector"));
            agree = cosine >= AGREEING_COSINE;
            out.put("cosine", cosine);
        } else if (a.has("labels") && b.has("labels")) {
            JsonNode topA = a.get("labels").path(0);
            JsonNode topB = b.get("labels").path(0);
            agree = topA.path("label").equals(topB.path("label"));
            out.set("primary_label", topA.path("label"));
            out.set("shadow_label", topB.path("label"));
            out.put(
                    "score_diff",
                    Math.abs(topA.path("score").asDouble() - topB.path("score").asDouble()));
        } else if (a.has("text") && b.has("text")) {
            agree = a.get("text").equals(b.get("text"));
            out.put("same_text", agree);
        } else {
            ObjectNode left = a.deepCopy();
            ObjectNode right = b.deepCopy();
            left.remove("model_version");
            right.remove("model_version");
            agree = left.equals(right);
        }
        out.put("agree", agree);
        return new ShadowComparison(agree, cosine, bytes(out));
    }

    /** The result object in an output event: the field whose object says {@code model_version}. */
    static ObjectNode result(byte[] output) {
        JsonNode event;
        try {
            event = JSON.readTree(output);
        } catch (IOException e) {
            throw new IllegalArgumentException("an output that is not JSON: " + e.getMessage());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            JsonNode value = it.next().getValue();
            if (value.isObject() && value.has("model_version")) {
                return (ObjectNode) value;
            }
        }
        throw new IllegalArgumentException("an output without a result field");
    }

    private static double cosine(JsonNode a, JsonNode b) {
        if (a.size() != b.size() || a.size() == 0) {
            return 0;
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.get(i).asDouble();
            double y = b.get(i).asDouble();
            dot += x * y;
            normA += x * x;
            normB += y * y;
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    private static String keyText(byte[] key) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(key);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
