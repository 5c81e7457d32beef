package dev.flinfer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchSelectorTest {

    private static int[] costsOf(int[] costs, int[] chosen) {
        return Arrays.stream(chosen).map(i -> costs[i]).toArray();
    }

    @Test
    void fewWaitingRecordsOfSimilarLengthFormOneBatch() {
        assertThat(BatchSelector.lengthBucketed(new int[] {20, 18, 19}, 0, 4))
                .containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void fewWaitingRecordsOfVeryDifferentLengthsRunApartAtLowLoad() {
        // The batch closes on the overdue 10-token text; the 200-token one waits for its own batch.
        assertThat(BatchSelector.lengthBucketed(new int[] {10, 200, 12}, 0, 4))
                .containsExactly(0, 2);
    }

    @Test
    void fifoTakesTheOldestRecords() {
        assertThat(BatchSelector.fifo(10, 3)).containsExactly(0, 1, 2);
        assertThat(BatchSelector.fifo(2, 3)).containsExactly(0, 1);
    }

    @Test
    void similarLengthsAreBatchedTogether() {
        int[] costs = {250, 12, 240, 11, 13, 255, 10, 245};
        int[] chosen = BatchSelector.lengthBucketed(costs, -1, 4);
        assertThat(costsOf(costs, chosen)).containsExactly(10, 11, 12, 13);
    }

    @Test
    void theLeastPaddingRunWinsEvenWhenItIsNotTheShortest() {
        // 10, 20, 30, 40 pads 60 tokens; 100 x 4 pads none.
        int[] costs = {10, 100, 20, 100, 30, 100, 40, 100};
        int[] chosen = BatchSelector.lengthBucketed(costs, -1, 4);
        assertThat(costsOf(costs, chosen)).containsExactly(100, 100, 100, 100);
    }

    @Test
    void anOverdueRecordIsAlwaysInTheBatch() {
        int[] costs = {256, 10, 10, 10, 10, 10, 10, 10};
        int[] chosen = BatchSelector.lengthBucketed(costs, 1, 4);
        assertThat(chosen).contains(1);
        assertThat(costsOf(costs, chosen)).containsExactly(10, 10, 10, 10);
    }

    @Test
    void aLongOverdueRecordAmongShortOnesRunsAlone() {
        // Padding three 10-token texts to 256 costs far more than a second run.
        int[] costs = {256, 10, 10, 10, 10, 10, 10, 10};
        assertThat(BatchSelector.lengthBucketed(costs, 0, 4)).containsExactly(0);
    }

    @Test
    void aBatchStopsWhereTheNextRecordWouldPadTheOthersTooMuch() {
        int[] costs = {10, 11, 12, 40, 41, 90, 200, 210};
        int[] chosen = BatchSelector.lengthBucketed(costs, -1, 4);
        assertThat(costsOf(costs, chosen)).containsExactly(10, 11, 12);
    }

    @Test
    void recordsOfEqualCostMakeFullBatches() {
        int[] costs = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertThat(BatchSelector.lengthBucketed(costs, -1, 8)).hasSize(8);
    }

    @Test
    void anOverdueRecordIsBatchedWithItsClosestNeighbours() {
        int[] costs = {10, 120, 11, 250, 118, 12, 119, 121};
        int[] chosen = BatchSelector.lengthBucketed(costs, 1, 4);
        assertThat(costsOf(costs, chosen)).containsExactly(118, 119, 120, 121);
    }

    @Test
    void equalLengthsKeepArrivalOrder() {
        int[] costs = {5, 5, 5, 5, 5, 5};
        assertThat(BatchSelector.lengthBucketed(costs, -1, 3)).containsExactly(0, 1, 2);
    }
}
