package dev.flinfer.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A dead letter carries the record's original bytes, so that it can be replayed. */
class DeadLetterJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = {0, 1, 2, (byte) 0xFF};
    private static final byte[] VALUE = {'{', (byte) 0xC3, (byte) 0x28, 0, '}'};
    private static final byte[] HEADER_VALUE = {(byte) 0x80, 'h', 0};

    private static SourceRecord record(byte[] value) {
        SourceRecord record = new SourceRecord("texts", 3, 42, 1_700_000_000_000L, KEY, value);
        record.headers.add(new RecordHeader("trace", HEADER_VALUE));
        record.headers.add(new RecordHeader("empty", null));
        return record;
    }

    private static DeadLetter deadLetter(SourceRecord record) {
        DeadLetter deadLetter =
                new DeadLetter(
                        BadRecordException.MALFORMED_JSON,
                        "malformed JSON: bad byte",
                        "preprocess",
                        "all-minilm-l6-v2",
                        record);
        deadLetter.failedAtMillis = 1_700_000_123_456L;
        return deadLetter;
    }

    private static byte[] decode(JsonNode node) {
        return Base64.getDecoder().decode(node.textValue());
    }

    @Test
    void theReasonAndWhereTheRecordCameFromAreWritten() throws Exception {
        JsonNode json = JSON.readTree(DeadLetterJson.toBytes(deadLetter(record(VALUE))));

        assertThat(json.get("code").textValue()).isEqualTo("malformed-json");
        assertThat(json.get("reason").textValue()).isEqualTo("malformed JSON: bad byte");
        assertThat(json.get("stage").textValue()).isEqualTo("preprocess");
        assertThat(json.get("model").textValue()).isEqualTo("all-minilm-l6-v2");
        assertThat(json.get("failed_at").textValue())
                .isEqualTo(Instant.ofEpochMilli(1_700_000_123_456L).toString());
        JsonNode source = json.get("source");
        assertThat(source.get("topic").textValue()).isEqualTo("texts");
        assertThat(source.get("partition").intValue()).isEqualTo(3);
        assertThat(source.get("offset").longValue()).isEqualTo(42);
        assertThat(source.get("timestamp").longValue()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void keyValueAndHeadersRoundTripThroughBase64() throws Exception {
        JsonNode json = JSON.readTree(DeadLetterJson.toBytes(deadLetter(record(VALUE))));

        assertThat(decode(json.get("key_base64"))).isEqualTo(KEY);
        assertThat(decode(json.get("value_base64"))).isEqualTo(VALUE);
        assertThat(json.get("value_bytes").intValue()).isEqualTo(VALUE.length);
        JsonNode headers = json.get("headers");
        assertThat(headers).hasSize(2);
        assertThat(headers.get(0).get("key").textValue()).isEqualTo("trace");
        assertThat(decode(headers.get(0).get("value_base64"))).isEqualTo(HEADER_VALUE);
        assertThat(headers.get(1).get("key").textValue()).isEqualTo("empty");
        assertThat(headers.get(1).get("value_base64").isNull()).isTrue();
    }

    @Test
    void aNullValueIsWrittenAsNull() {
        JsonNode json = DeadLetterJson.toJson(deadLetter(record(null)));

        assertThat(json.get("value_base64").isNull()).isTrue();
        assertThat(json.get("value_bytes").intValue()).isZero();
        assertThat(decode(json.get("key_base64"))).isEqualTo(KEY);
    }

    @Test
    void aNullKeyIsWrittenAsNull() {
        SourceRecord record = record(VALUE);
        record.key = null;

        assertThat(DeadLetterJson.toJson(deadLetter(record)).get("key_base64").isNull()).isTrue();
    }
}
