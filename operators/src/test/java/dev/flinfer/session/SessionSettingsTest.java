package dev.flinfer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionSettingsTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void zeroThreadsForOneRunIsLeftToOnnxRuntime() {
        assertThat(new SessionSettings(Device.CPU, 0, 1).resolvedIntraOpThreads()).isZero();
    }

    @Test
    void zeroThreadsForSeveralRunsDividesTheCoresAmongThem() {
        assertThat(new SessionSettings(Device.CPU, 0, 2).resolvedIntraOpThreads())
                .isEqualTo(Math.max(1, CORES / 2));
        assertThat(new SessionSettings(Device.CPU, 0, CORES * 4).resolvedIntraOpThreads())
                .isEqualTo(1);
    }

    @Test
    void threadsSetExplicitlyAreKept() {
        assertThat(new SessionSettings(Device.CPU, 3, 2).resolvedIntraOpThreads()).isEqualTo(3);
    }

    @Test
    void fewerThanOneConcurrentRunIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> new SessionSettings(Device.CPU, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrentRuns must be >= 1, got 0");
    }
}
