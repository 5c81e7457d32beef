package dev.flinfer.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Reading JSON events and writing enriched ones, with limits that keep hostile input from costing
 * more than a dead letter: record size, nesting depth, and text length are checked before anything
 * else happens.
 */
@PublicEvolving
public final class JsonRecords {
    /** Deeper JSON than this is rejected by the parser (Jackson's own default is 1000). */
    public static final int MAX_NESTING_DEPTH = 200;

    private static final ObjectMapper JSON =
            new ObjectMapper(
                            JsonFactory.builder()
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxNestingDepth(MAX_NESTING_DEPTH)
                                                    .build())
                                    // Schubfach instead of the JDK 17 Float.toString: an
                                    // embedding's 384 floats are most of the cost of an output
                                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                                    .build())
                    // '{"text":"a"} {"text":"b"}' is one malformed record, not the first object
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonRecords() {}

    /**
     * The record's value as a JSON object, or a {@link BadRecordException} saying why it is not
     * one.
     */
    public static ObjectNode parseObject(SourceRecord record, int maxRecordBytes)
            throws BadRecordException {
        byte[] value = record.value;
        if (value == null) {
            throw new BadRecordException(
                    BadRecordException.NULL_VALUE, "the record has no value (null)");
        }
        if (value.length > maxRecordBytes) {
            throw new BadRecordException(
                    BadRecordException.TOO_LARGE,
                    "the record value has "
                            + value.length
                            + " bytes, more than the limit of "
                            + maxRecordBytes);
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            String message =
                    e.getMessage() == null
                            ? e.toString()
                            : e.getMessage().lines().findFirst().orElse("");
            throw new BadRecordException(
                    BadRecordException.MALFORMED_JSON, "malformed JSON: " + message, e);
        }
        if (node == null || node.isMissingNode()) {
            throw new BadRecordException(
                    BadRecordException.MALFORMED_JSON, "malformed JSON: empty value");
        }
        if (!node.isObject()) {
            throw new BadRecordException(
                    BadRecordException.NOT_AN_OBJECT,
                    "expected a JSON object, got "
                            + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return (ObjectNode) node;
    }

    /**
     * The non-blank string in {@code field} of {@code event}, at most {@code maxChars} long. A
     * field name starting with '/' is a JSON Pointer into nested objects.
     */
    public static String requireText(ObjectNode event, String field, int maxChars)
            throws BadRecordException {
        JsonNode node = field.startsWith("/") ? event.at(field) : event.get(field);
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new BadRecordException(
                    BadRecordException.MISSING_FIELD, "no '" + field + "' field");
        }
        if (!node.isTextual()) {
            throw new BadRecordException(
                    BadRecordException.WRONG_TYPE,
                    "field '"
                            + field
                            + "' is a "
                            + node.getNodeType().name().toLowerCase(Locale.ROOT)
                            + ", not a string");
        }
        return TextValues.check(node.textValue(), "field '" + field + "'", maxChars);
    }

    /** A new, empty JSON object, for results. */
    public static ObjectNode newObject() {
        return JSON.createObjectNode();
    }

    /** {@code event} as UTF-8 bytes. */
    public static byte[] toBytes(JsonNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
