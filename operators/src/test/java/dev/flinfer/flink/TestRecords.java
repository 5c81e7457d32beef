package dev.flinfer.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinfer.record.SourceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds input records and reads output records in tests. */
public final class TestRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestRecords() {}

    public static SourceRecord record(long offset, String value) {
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        return new SourceRecord(
                "texts",
                0,
                offset,
                1_700_000_000_000L + offset,
                ("k" + offset).getBytes(StandardCharsets.UTF_8),
                bytes);
    }

    public static SourceRecord text(long offset, String text) {
        return record(
                offset,
                JSON.createObjectNode().put("id", "id-" + offset).put("text", text).toString());
    }

    public static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] vector(SourceRecord output) {
        JsonNode values = json(output.value).path("embedding").path("vector");
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i).floatValue();
        }
        return vector;
    }
}
