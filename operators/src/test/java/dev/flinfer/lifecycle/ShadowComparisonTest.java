package dev.flinfer.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a shadow's comparison says for each kind of result. */
class ShadowComparisonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = "id-7".getBytes(StandardCharsets.UTF_8);

    private static byte[] embedding(int version, double... vector) {
        StringBuilder values = new StringBuilder();
        for (double v : vector) {
            values.append(values.length() == 0 ? "" : ",").append(v);
        }
        return ("{\"id\":\"7\",\"embedding\":{\"model\":\"encoder\",\"model_version\":\""
                        + version
                        + "\",\"vector\":["
                        + values
                        + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] labels(int version, String top, double score) {
        return ("{\"id\":\"7\",\"classification\":{\"model_version\":\""
                        + version
                        + "\",\"labels\":[{\"label\":\""
                        + top
                        + "\",\"score\":"
                        + score
                        + "}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ShadowComparison compare(byte[] primary, byte[] shadow) {
        return ShadowComparison.compare(
                "encoder",
                "posts/0@7",
                KEY,
                new ShadowComparison.Side(1, primary, null),
                new ShadowComparison.Side(2, shadow, null));
    }

    private static JsonNode json(ShadowComparison comparison) throws Exception {
        return JSON.readTree(comparison.json());
    }

    @Test
    void embeddingsCompareByTheirCosine() throws Exception {
        ShadowComparison same = compare(embedding(1, 1, 2, 3), embedding(2, 2, 4, 6));
        assertThat(same.cosine()).isCloseTo(1.0, within(1e-12));
        assertThat(same.agree()).isTrue();

        ShadowComparison apart = compare(embedding(1, 1, 0, 0), embedding(2, 0.9, 0.3, 0));
        assertThat(apart.cosine()).isCloseTo(0.9 / Math.sqrt(0.9), within(1e-9));
        assertThat(apart.agree()).as("cosine under %s", ShadowComparison.AGREEING_COSINE).isFalse();

        JsonNode out = json(apart);
        assertThat(out.path("source").asText()).isEqualTo("posts/0@7");
        assertThat(out.path("key").asText()).isEqualTo("id-7");
        assertThat(out.path("primary_version").asInt()).isEqualTo(1);
        assertThat(out.path("shadow_version").asInt()).isEqualTo(2);
        assertThat(out.path("cosine").asDouble()).isCloseTo(apart.cosine(), within(1e-12));
        assertThat(out.path("agree").asBoolean()).isFalse();
    }

    @Test
    void vectorsOfDifferentSizesDoNotAgree() {
        ShadowComparison comparison = compare(embedding(1, 1, 2), embedding(2, 1, 2, 3));
        assertThat(comparison.cosine()).isZero();
        assertThat(comparison.agree()).isFalse();
    }

    @Test
    void labelsCompareByTheTopLabelAndTheScoreGap() throws Exception {
        ShadowComparison same = compare(labels(1, "cat", 0.9), labels(2, "cat", 0.8));
        assertThat(same.agree()).isTrue();
        assertThat(same.cosine()).isNaN();
        assertThat(json(same).path("score_diff").asDouble()).isCloseTo(0.1, within(1e-9));

        ShadowComparison other = compare(labels(1, "cat", 0.9), labels(2, "dog", 0.6));
        assertThat(other.agree()).isFalse();
        assertThat(json(other).path("primary_label").asText()).isEqualTo("cat");
        assertThat(json(other).path("shadow_label").asText()).isEqualTo("dog");
    }

    @Test
    void aRecordOneVersionRefusesDisagreesAndSaysWhy() throws Exception {
        ShadowComparison comparison =
                ShadowComparison.compare(
                        "encoder",
                        "posts/0@7",
                        null,
                        new ShadowComparison.Side(1, embedding(1, 1, 0), null),
                        new ShadowComparison.Side(2, null, "text-too-long: 9000 characters"));
        assertThat(comparison.agree()).isFalse();
        JsonNode out = json(comparison);
        assertThat(out.path("shadow_error").asText()).startsWith("text-too-long");
        assertThat(out.has("primary_error")).isFalse();
        assertThat(out.path("key").isNull()).isTrue();
    }

    @Test
    void aRecordBothVersionsRefuseAgrees() {
        ShadowComparison comparison =
                ShadowComparison.compare(
                        "encoder",
                        "posts/0@7",
                        KEY,
                        new ShadowComparison.Side(1, null, "empty-text"),
                        new ShadowComparison.Side(2, null, "empty-text"));
        assertThat(comparison.agree()).isTrue();
    }

    @Test
    void aKeyThatIsNoUtf8IsWrittenAsBase64() throws Exception {
        ShadowComparison comparison =
                ShadowComparison.compare(
                        "encoder",
                        "posts/0@7",
                        new byte[] {(byte) 0xff, (byte) 0xfe},
                        new ShadowComparison.Side(1, labels(1, "cat", 0.9), null),
                        new ShadowComparison.Side(2, labels(2, "cat", 0.9), null));
        assertThat(json(comparison).path("key").asText()).isEqualTo("base64://4=");
    }
}
