package dev.flinfer.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The dead-letter record format: JSON with the reason, where the record came from, and its original
 * key, value and headers in full (base64), so that any dead letter can be inspected and replayed.
 *
 * <pre>{@code
 * {"code":"malformed-json","reason":"...","stage":"preprocess","model":"all-minilm-l6-v2",
 *  "failed_at":"2026-11-28T12:00:00Z",
 *  "source":{"topic":"texts","partition":0,"offset":42,"timestamp":1764331200000},
 *  "key_base64":"...","value_base64":"...","value_bytes":17,"headers":[{"key":"h","value_base64":"..."}]}
 * }</pre>
 */
@PublicEvolving
public final class DeadLetterJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterJson() {}

    /** {@code deadLetter} as a JSON object. */
    public static ObjectNode toJson(DeadLetter deadLetter) {
        ObjectNode node = JSON.createObjectNode();
        node.put("code", deadLetter.code);
        node.put("reason", deadLetter.reason);
        node.put("stage", deadLetter.stage);
        node.put("model", deadLetter.model);
        node.put("failed_at", Instant.ofEpochMilli(deadLetter.failedAtMillis).toString());
        SourceRecord record = deadLetter.record != null ? deadLetter.record : new SourceRecord();
        ObjectNode source = node.putObject("source");
        source.put("topic", record.topic);
        source.put("partition", record.partition);
        source.put("offset", record.offset);
        source.put("timestamp", record.timestamp);
        node.put("key_base64", base64(record.key));
        node.put("value_base64", base64(record.value));
        node.put("value_bytes", record.value == null ? 0 : record.value.length);
        ArrayNode headers = node.putArray("headers");
        for (RecordHeader header :
                record.headers == null ? List.<RecordHeader>of() : record.headers) {
            headers.addObject().put("key", header.key).put("value_base64", base64(header.value));
        }
        return node;
    }

    /** {@code deadLetter} as UTF-8 JSON bytes, with the original value in full. */
    public static byte[] toBytes(DeadLetter deadLetter) {
        return write(toJson(deadLetter));
    }

    /**
     * {@code deadLetter} as UTF-8 JSON of at most about {@code maxBytes}. When the original value
     * in base64 would make it larger (a sink such as Kafka would refuse it and fail the job), the
     * value is cut to the prefix that fits, and {@code value_truncated: true} and {@code
     * value_sha256} (of the whole value) say so.
     */
    public static byte[] toBytes(DeadLetter deadLetter, int maxBytes) {
        ObjectNode node = toJson(deadLetter);
        byte[] full = write(node);
        byte[] value = deadLetter.record == null ? null : deadLetter.record.value;
        if (full.length <= maxBytes || value == null) {
            return full;
        }
        node.put("value_truncated", true);
        node.put("value_sha256", sha256(value));
        node.put("value_base64", "");
        int room = Math.max(0, maxBytes - write(node).length - 16);
        int keep = Math.min(value.length, room / 4 * 3);
        node.put("value_base64", Base64.getEncoder().encodeToString(Arrays.copyOf(value, keep)));
        return write(node);
    }

    private static byte[] write(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
