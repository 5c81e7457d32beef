package dev.flinfer.text;

/**
 * One text as token ids, with special tokens, truncated to the model's maximum length and not
 * padded: padding happens per batch, in {@link TokenBatch}.
 */
public record TokenizedText(long[] ids, long[] typeIds) {

    public int length() {
        return ids.length;
    }
}
