package dev.flinfer.text;

import java.nio.LongBuffer;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A batch of tokenized texts padded to the longest one, as the flat row-major buffers ONNX Runtime
 * takes: {@code input_ids}, {@code attention_mask} and {@code token_type_ids}, each {@code [size,
 * length]}.
 *
 * <pre>{@code
 * TokenBatch batch = TokenBatch.pad(texts, padId, buffers::longs);   // reused direct buffers
 * OnnxTensor ids = OnnxTensor.createTensor(env, batch.inputIds(), batch.shape());
 * }</pre>
 */
@PublicEvolving
public final class TokenBatch {
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";

    /** Supplies a buffer of exactly {@code count} longs for one of the three arrays. */
    @PublicEvolving
    @FunctionalInterface
    public interface Buffers {
        LongBuffer take(String name, int count);
    }

    private final int size;
    private final int length;
    private final LongBuffer inputIds;
    private final LongBuffer attentionMask;
    private final LongBuffer typeIds;
    private final long realTokens;

    private TokenBatch(
            int size,
            int length,
            LongBuffer ids,
            LongBuffer mask,
            LongBuffer types,
            long realTokens) {
        this.size = size;
        this.length = length;
        this.inputIds = ids;
        this.attentionMask = mask;
        this.typeIds = types;
        this.realTokens = realTokens;
    }

    /** Pads {@code texts} with {@code padId} to the longest of them, into new heap buffers. */
    public static TokenBatch pad(List<TokenizedText> texts, long padId) {
        return pad(texts, padId, (name, count) -> LongBuffer.allocate(count));
    }

    /** Pads {@code texts} with {@code padId} to the longest of them, into {@code buffers}. */
    public static TokenBatch pad(List<TokenizedText> texts, long padId, Buffers buffers) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int length = 0;
        for (TokenizedText text : texts) {
            length = Math.max(length, text.length());
        }
        int size = texts.size();
        int count = Math.multiplyExact(size, length);
        LongBuffer ids = buffers.take(INPUT_IDS, count);
        LongBuffer mask = buffers.take(ATTENTION_MASK, count);
        LongBuffer types = buffers.take(TOKEN_TYPE_IDS, count);
        long real = 0;
        for (int row = 0; row < size; row++) {
            TokenizedText text = texts.get(row);
            int offset = row * length;
            int n = text.length();
            ids.put(offset, text.ids(), 0, n);
            types.put(offset, text.typeIds(), 0, n);
            for (int i = 0; i < n; i++) {
                mask.put(offset + i, 1);
            }
            for (int i = n; i < length; i++) {
                ids.put(offset + i, padId);
                mask.put(offset + i, 0);
                types.put(offset + i, 0);
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

    /** {@code input_ids}, position 0, limit {@code size * length}. */
    public LongBuffer inputIds() {
        return inputIds;
    }

    public LongBuffer attentionMask() {
        return attentionMask;
    }

    public LongBuffer typeIds() {
        return typeIds;
    }

    public long[] shape() {
        return new long[] {size, length};
    }

    /** Number of real (unpadded) tokens of row {@code row}. */
    public int tokens(int row) {
        int n = 0;
        for (int i = 0; i < length; i++) {
            n += (int) attentionMask.get(row * length + i);
        }
        return n;
    }

    /** Share of the batch's token slots that are padding, 0 when all texts have the same length. */
    public double paddingRatio() {
        return length == 0 ? 0 : 1.0 - (double) realTokens / ((long) size * length);
    }
}
