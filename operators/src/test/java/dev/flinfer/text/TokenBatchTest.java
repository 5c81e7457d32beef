package dev.flinfer.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.LongBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch is padded to its longest text, with a mask that marks the real tokens. */
class TokenBatchTest {
    private static final long PAD = 0;

    private static TokenizedText text(long... ids) {
        return new TokenizedText(ids, new long[ids.length]);
    }

    private static long[] array(LongBuffer buffer) {
        long[] values = new long[buffer.remaining()];
        buffer.duplicate().get(values);
        return values;
    }

    @Test
    void reusedBuffersAreOverwrittenNotAppended() {
        java.util.Map<String, LongBuffer> reused = new java.util.HashMap<>();
        TokenBatch.Buffers buffers =
                (name, count) -> {
                    LongBuffer buffer = reused.computeIfAbsent(name, n -> LongBuffer.allocate(64));
                    return buffer.clear().limit(count);
                };
        TokenBatch.pad(List.of(text(101, 5, 6, 7, 102), text(101, 102)), PAD, buffers);
        TokenBatch second =
                TokenBatch.pad(List.of(text(101, 102), text(101, 8, 102)), PAD, buffers);

        assertThat(array(second.inputIds())).containsExactly(101, 102, PAD, 101, 8, 102);
        assertThat(array(second.attentionMask())).containsExactly(1, 1, 0, 1, 1, 1);
        assertThat(array(second.typeIds())).containsOnly(0L);
        assertThat(second.tokens(0)).isEqualTo(2);
        assertThat(second.tokens(1)).isEqualTo(3);
    }

    @Test
    void textsArePaddedToTheLongestWithThePadId() {
        TokenBatch batch = TokenBatch.pad(List.of(text(101, 7, 102), text(101, 8, 9, 10, 102)), 99);

        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.length()).isEqualTo(5);
        assertThat(batch.shape()).containsExactly(2, 5);
        assertThat(array(batch.inputIds()))
                .containsExactly(101, 7, 102, 99, 99, 101, 8, 9, 10, 102);
    }

    @Test
    void theMaskMarksRealTokensOnly() {
        TokenBatch batch = TokenBatch.pad(List.of(text(101, 102), text(101, 5, 6, 102)), PAD);

        assertThat(array(batch.attentionMask())).containsExactly(1, 1, 0, 0, 1, 1, 1, 1);
    }

    @Test
    void typeIdsAreCopiedAndPaddedWithZero() {
        TokenizedText pair =
                new TokenizedText(new long[] {101, 5, 102, 6, 102}, new long[] {0, 0, 0, 1, 1});
        TokenBatch batch = TokenBatch.pad(List.of(text(101, 102), pair), PAD);

        assertThat(array(batch.typeIds())).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
    }

    @Test
    void thePaddingRatioIsTheShareOfPaddedSlots() {
        TokenBatch batch = TokenBatch.pad(List.of(text(101, 102), text(101, 1, 2, 102)), PAD);

        // 6 real tokens in 8 slots
        assertThat(batch.paddingRatio()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void textsOfEqualLengthAreNotPadded() {
        TokenBatch batch = TokenBatch.pad(List.of(text(101, 1, 102), text(101, 2, 102)), PAD);

        assertThat(batch.paddingRatio()).isZero();
        assertThat(array(batch.attentionMask())).containsOnly(1L);
    }

    @Test
    void anEmptyBatchIsRejected() {
        assertThatThrownBy(() -> TokenBatch.pad(List.of(), PAD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty batch");
    }
}
