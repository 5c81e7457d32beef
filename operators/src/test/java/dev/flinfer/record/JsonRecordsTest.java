package dev.flinfer.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every way a record's JSON can be bad ends in a BadRecordException with a stable code. */
class JsonRecordsTest {
    private static final int MAX_BYTES = 1024;
    private static final int MAX_CHARS = 100;

    private static SourceRecord record(byte[] value) {
        return new SourceRecord("texts", 0, 7, 0, null, value);
    }

    private static SourceRecord record(String value) {
        return record(value.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode event(String json) throws BadRecordException {
        return JsonRecords.parseObject(record(json), MAX_BYTES);
    }

    private static void assertParseFails(SourceRecord record, int maxBytes, String code) {
        assertThatThrownBy(() -> JsonRecords.parseObject(record, maxBytes))
                .isInstanceOfSatisfying(
                        BadRecordException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static void assertTextFails(String json, String field, String code, String message) {
        assertThatThrownBy(() -> JsonRecords.requireText(event(json), field, MAX_CHARS))
                .isInstanceOfSatisfying(
                        BadRecordException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    @Test
    void twoObjectsInOneRecordAreMalformedNotSilentlyCutToTheFirst() {
        assertParseFails(
                record("{\"text\": \"a\"} {\"text\": \"b\"}"),
                MAX_BYTES,
                BadRecordException.MALFORMED_JSON);
        assertParseFails(
                record("{\"text\": \"a\"} garbage"), MAX_BYTES, BadRecordException.MALFORMED_JSON);
    }

    @Test
    void aNullValueIsRejected() {
        assertParseFails(record((byte[]) null), MAX_BYTES, BadRecordException.NULL_VALUE);
    }

    @Test
    void aValueOverTheByteLimitIsRejectedBeforeParsing() {
        byte[] big = ("{\"text\":\"" + "a".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> JsonRecords.parseObject(record(big), MAX_BYTES))
                .isInstanceOfSatisfying(
                        BadRecordException.class,
                        e -> assertThat(e.code()).isEqualTo(BadRecordException.TOO_LARGE))
                .hasMessageContaining(String.valueOf(big.length))
                .hasMessageContaining(String.valueOf(MAX_BYTES));
    }

    @Test
    void malformedJsonIsRejected() {
        assertParseFails(
                record("{\"text\": \"unterminated"), MAX_BYTES, BadRecordException.MALFORMED_JSON);
    }

    @Test
    void anEmptyValueIsMalformed() {
        assertParseFails(record(new byte[0]), MAX_BYTES, BadRecordException.MALFORMED_JSON);
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] value = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertParseFails(record(value), MAX_BYTES, BadRecordException.MALFORMED_JSON);
    }

    @Test
    void deeplyNestedJsonIsMalformedWithoutAStackOverflow() {
        String nested = "[".repeat(10_000);
        assertParseFails(record(nested), 100_000, BadRecordException.MALFORMED_JSON);
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws Exception {
        int depth = JsonRecords.MAX_NESTING_DEPTH - 1;
        String json = "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";

        assertThat(event(json).has("a")).isTrue();
    }

    @Test
    void aJsonArrayIsNotAnObject() {
        assertParseFails(
                record("[{\"text\":\"hi\"}]"), MAX_BYTES, BadRecordException.NOT_AN_OBJECT);
    }

    @Test
    void aJsonNumberIsNotAnObject() {
        assertParseFails(record("42"), MAX_BYTES, BadRecordException.NOT_AN_OBJECT);
    }

    @Test
    void anObjectIsParsed() throws Exception {
        assertThat(event("{\"text\":\"hello\",\"n\":1}").get("n").intValue()).isEqualTo(1);
    }

    @Test
    void aMissingFieldIsNamed() {
        assertTextFails("{\"body\":\"hi\"}", "text", BadRecordException.MISSING_FIELD, "'text'");
    }

    @Test
    void aNullFieldCountsAsMissing() {
        assertTextFails("{\"text\":null}", "text", BadRecordException.MISSING_FIELD, "'text'");
    }

    @Test
    void aNonStringFieldIsTheWrongType() {
        assertTextFails("{\"text\":12}", "text", BadRecordException.WRONG_TYPE, "number");
        assertTextFails("{\"text\":{\"a\":1}}", "text", BadRecordException.WRONG_TYPE, "object");
    }

    @Test
    void anEmptyTextIsRejected() {
        assertTextFails("{\"text\":\"\"}", "text", BadRecordException.EMPTY_TEXT, "empty");
    }

    @Test
    void aBlankTextIsRejected() {
        assertTextFails("{\"text\":\" \\t\\n \"}", "text", BadRecordException.EMPTY_TEXT, "blank");
    }

    @Test
    void aTextOverTheCharacterLimitIsTooLarge() {
        String json = "{\"text\":\"" + "x".repeat(MAX_CHARS + 1) + "\"}";
        assertTextFails(json, "text", BadRecordException.TOO_LARGE, String.valueOf(MAX_CHARS + 1));
    }

    @Test
    void aTextAtTheCharacterLimitIsAccepted() throws Exception {
        String text = "x".repeat(MAX_CHARS);
        assertThat(JsonRecords.requireText(event("{\"text\":\"" + text + "\"}"), "text", MAX_CHARS))
                .isEqualTo(text);
    }

    @Test
    void aJsonPointerFieldReadsANestedText() throws Exception {
        ObjectNode event = event("{\"post\":{\"body\":\"nested text\"}}");

        assertThat(JsonRecords.requireText(event, "/post/body", MAX_CHARS))
                .isEqualTo("nested text");
    }

    @Test
    void aJsonPointerToNothingIsAMissingField() {
        assertTextFails(
                "{\"post\":{\"title\":\"t\"}}",
                "/post/body",
                BadRecordException.MISSING_FIELD,
                "'/post/body'");
    }

    @Test
    void aJsonPointerToANonStringIsTheWrongType() {
        assertTextFails(
                "{\"post\":{\"body\":[1,2]}}",
                "/post/body",
                BadRecordException.WRONG_TYPE,
                "array");
    }
}
