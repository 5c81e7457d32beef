package dev.flinfer.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaAttemptsTest {
    private final AtomicLong clock = new AtomicLong();

    private CudaAttempts attempts(Path driver) {
        return new CudaAttempts(driver, clock::get, Duration.ofSeconds(30), Duration.ofMinutes(2));
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    @Test
    void withoutAnNvidiaDriverCudaIsNotTried(@TempDir Path dir) {
        assertThat(attempts(dir.resolve("absent")).reasonToSkip())
                .contains("no NVIDIA driver")
                .contains(dir.resolve("absent").toString());
    }

    @Test
    void everySessionTriesUntilAFailure(@TempDir Path dir) throws Exception {
        CudaAttempts attempts = attempts(Files.createFile(dir.resolve("version")));
        assertThat(attempts.reasonToSkip()).isNull();
        assertThat(attempts.reasonToSkip()).isNull();
    }

    @Test
    void aFailureIsRetriedAfterABackOffThatDoublesUpToItsBound(@TempDir Path dir) throws Exception {
        CudaAttempts attempts = attempts(Files.createFile(dir.resolve("version")));
        long[] backOffs = {30, 60, 120, 120};
        for (long seconds : backOffs) {
            assertThat(attempts.reasonToSkip()).isNull();
            attempts.failed("CUDA could not be loaded: GPU memory full");
            advance(Duration.ofSeconds(seconds - 1));
            assertThat(attempts.reasonToSkip())
                    .startsWith("CUDA could not be loaded: GPU memory full")
                    .contains("tried again in 1 s");
            advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void whenARetryIsDueOneSessionTriesAndTheOthersWait(@TempDir Path dir) throws Exception {
        CudaAttempts attempts = attempts(Files.createFile(dir.resolve("version")));
        attempts.failed("CUDA could not be loaded: GPU memory full");
        advance(Duration.ofSeconds(30));
        assertThat(attempts.reasonToSkip()).isNull();
        assertThat(attempts.reasonToSkip()).contains("GPU memory full");
    }

    @Test
    void aLoadThatWorksResetsTheBackOff(@TempDir Path dir) throws Exception {
        CudaAttempts attempts = attempts(Files.createFile(dir.resolve("version")));
        attempts.failed("first");
        advance(Duration.ofSeconds(30));
        assertThat(attempts.reasonToSkip()).isNull();
        attempts.loaded();
        assertThat(attempts.reasonToSkip()).isNull();
        attempts.failed("second");
        advance(Duration.ofSeconds(30));
        assertThat(attempts.reasonToSkip()).isNull();
    }
}
