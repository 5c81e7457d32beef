package dev.flinfer.text;

import org.apache.flink.annotation.PublicEvolving;

/**
 * One text as token ids, with special tokens, truncated to the model's maximum length and not
 * padded: padding happens per batch, in {@link TokenBatch}.
 */
@PublicEvolving
public record TokenizedText(long[] ids, long[] typeIds) {

    public int length() {
        return ids.length;
    }
}
