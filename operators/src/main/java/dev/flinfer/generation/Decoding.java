package dev.flinfer.generation;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * How the next token is chosen and when a generation ends. {@code temperature} 0 is greedy; above 0
 * samples from the (top-k, top-p filtered) distribution with a generator seeded per record from
 * {@code seed}, so a record replayed after a failover gets the same text. {@code numBeams} above 1
 * is beam search (deterministic, so temperature must be 0).
 *
 * <pre>{@code
 * Decoding greedy = Decoding.greedy(32);
 * Decoding sampled = new Decoding(64, 0, 1, 0.8f, 50, 0.95f, 1.1f, 7L, List.of("\n\n"));
 * }</pre>
 *
 * @param maxNewTokens at most this many new tokens (the end-of-sequence token counts as one)
 * @param minNewTokens the end-of-sequence token is not chosen before this many
 * @param numBeams 1: one hypothesis per record; more: beam search over that many
 * @param temperature 0: greedy; above 0: sampling, logits divided by it
 * @param topK sampling keeps the k most likely tokens; 0: all
 * @param topP sampling keeps the smallest set of tokens whose probability reaches p; 1: all
 * @param repetitionPenalty above 1 makes tokens already in the sequence less likely; 1: none
 * @param seed mixed with each record's own salt (its offset, or its prompt) for sampling
 * @param stopStrings a generation ends before the first of these in its text
 */
@PublicEvolving
public record Decoding(
        int maxNewTokens,
        int minNewTokens,
        int numBeams,
        float temperature,
        int topK,
        float topP,
        float repetitionPenalty,
        long seed,
        List<String> stopStrings)
        implements Serializable {

    public Decoding {
        require(maxNewTokens >= 1, "maxNewTokens must be >= 1, got " + maxNewTokens);
        require(
                minNewTokens >= 0 && minNewTokens <= maxNewTokens,
                "minNewTokens must be within 0.." + maxNewTokens + ", got " + minNewTokens);
        require(numBeams >= 1, "numBeams must be >= 1, got " + numBeams);
        require(
                temperature >= 0 && Float.isFinite(temperature),
                "temperature must be >= 0, got " + temperature);
        require(topK >= 0, "topK must be >= 0, got " + topK);
        require(topP > 0 && topP <= 1, "topP must be in (0, 1], got " + topP);
        require(
                repetitionPenalty > 0 && Float.isFinite(repetitionPenalty),
                "repetitionPenalty must be > 0, got " + repetitionPenalty);
        require(
                numBeams == 1 || temperature == 0,
                "beam search is deterministic: temperature must be 0 with numBeams "
                        + numBeams
                        + ", got "
                        + temperature);
        stopStrings = List.copyOf(stopStrings);
        for (String stop : stopStrings) {
            require(!stop.isEmpty(), "stop strings must not be empty");
        }
    }

    /** Greedy decoding of at most {@code maxNewTokens}, nothing else. */
    public static Decoding greedy(int maxNewTokens) {
        return new Decoding(maxNewTokens, 0, 1, 0f, 0, 1f, 1f, 0L, List.of());
    }

    /** Whether tokens are drawn at random (seeded) rather than chosen. */
    public boolean sampling() {
        return temperature > 0;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
