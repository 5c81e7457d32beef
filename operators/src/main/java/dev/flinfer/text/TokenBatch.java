package dev.flinfer.text;

import java.util.List;

/**
 * A batch of tokenized texts padded to the longest one, as the flat row-major arrays ONNX Runtime
 * takes: {@code input_ids}, {@code attention_mask} and {@code token_type_ids}, each {@code [size,
 * length]}.
 */
public final class TokenBatch {
    private final int size;
    private final int length;
    private final long[] inputIds;
    private final long[] attentionMask;
    private final long[] typeIds;
    private final long realTokens;

    private TokenBatch(
            int size, int length, long[] ids, long[] mask, long[] types, long realTokens) {
        this.size = size;
        this.length = length;
        this.inputIds = ids;
        this.attentionMask = mask;
        this.typeIds = types;
        this.realTokens = realTokens;
    }

    /** Pads {@code texts} with {@code padId} to the longest of them. */
    public static TokenBatch pad(List<TokenizedText> texts, long padId) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int length = 0;
        for (TokenizedText text : texts) {
            length = Math.max(length, text.length());
        }
        int size = texts.size();
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        long[] types = new long[size * length];
        long real = 0;
        for (int row = 0; row < size; row++) {
            TokenizedText text = texts.get(row);
            int offset = row * length;
            int n = text.length();
            System.arraycopy(text.ids(), 0, ids, offset, n);
            System.arraycopy(text.typeIds(), 0, types, offset, n);
            for (int i = 0; i < n; i++) {
                mask[offset + i] = 1;
            }
            for (int i = n; i < length; i++) {
                ids[offset + i] = padId;
            }
            real += n;
        }
        return new TokenBatch(size, length, ids, mask, types, real);
    }

    public int size() {
        return size;
    }

    public int length() {
        return length;
    }

    public long[] inputIds() {
        return inputIds;
    }

    public long[] attentionMask() {
        return attentionMask;
    }

    public long[] typeIds() {
        return typeIds;
    }

    public long[] shape() {
        return new long[] {size, length};
    }

    /** Share of the batch's token slots that are padding, 0 when all texts have the same length. */
    public double paddingRatio() {
        return length == 0 ? 0 : 1.0 - (double) realTokens / ((long) size * length);
    }
}
