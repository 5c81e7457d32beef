package dev.flinfer.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the end-to-end run counts a generation's tokens, as the in-process loops count them. */
class GenerationEndToEndTest {

    @Test
    void aGenerationEndedAtEosCountsItsEndOfSequenceToken() {
        assertThat(tokensOf("{\"id\":\"1\",\"result\":{\"tokens\":12,\"finish_reason\":\"eos\"}}"))
                .isEqualTo(13);
    }

    @Test
    void aGenerationCutAtMaxNewTokensCountsItsTokensOnly() {
        assertThat(
                        tokensOf(
                                "{\"id\":\"1\",\"result\":{\"tokens\":64,\"finish_reason\":"
                                        + "\"length\"}}"))
                .isEqualTo(64);
    }

    @Test
    void aRecordWithoutAGenerationCountsNone() {
        assertThat(tokensOf("{\"id\":\"1\",\"error\":\"prompt too long\"}")).isZero();
    }

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] nanos = {1_000_000, 2_000_000, 3_000_000, 4_000_000};
        assertThat(GenerationLoops.percentileMs(nanos, 0.5)).isEqualTo(2.0);
        assertThat(GenerationLoops.percentileMs(nanos, 0.99)).isEqualTo(4.0);
        assertThat(GenerationLoops.percentileMs(new long[0], 0.5)).isNaN();
    }

    private static long tokensOf(String json) {
        return GenerationEndToEnd.chosenTokens(json.getBytes(StandardCharsets.UTF_8));
    }
}
