package dev.flinfer.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When {@code auto} tries CUDA: when an NVIDIA driver is present, and after CUDA failed to load,
 * not again until a back-off has passed (30 s, then doubling up to 10 min; reset by a load that
 * works). A failure at load is often transient (the GPU's memory full for a moment), so it is not
 * remembered for the life of the JVM; nor is CUDA tried by every session that opens meanwhile, as a
 * try costs seconds. Thread-safe: of the sessions opening when a retry is due, one tries.
 *
 * <pre>{@code
 * CudaAttempts attempts = CudaAttempts.system();
 * String skip = attempts.reasonToSkip();
 * if (skip == null) { try CUDA, then attempts.failed(reason) or attempts.loaded() }
 * }</pre>
 */
final class CudaAttempts {
    static final Duration FIRST_BACK_OFF = Duration.ofSeconds(30);
    static final Duration MAX_BACK_OFF = Duration.ofMinutes(10);
    static final Path NVIDIA_DRIVER = Path.of("/proc/driver/nvidia/version");

    private static final CudaAttempts SYSTEM =
            new CudaAttempts(NVIDIA_DRIVER, System::nanoTime, FIRST_BACK_OFF, MAX_BACK_OFF);

    private final Path driver;
    private final LongSupplier nanoClock;
    private final long firstBackOffNanos;
    private final long maxBackOffNanos;

    private String lastFailure;
    private long backOffNanos;
    private long nextTryNanos;

    CudaAttempts(Path driver, LongSupplier nanoClock, Duration firstBackOff, Duration maxBackOff) {
        this.driver = driver;
        this.nanoClock = nanoClock;
        this.firstBackOffNanos = firstBackOff.toNanos();
        this.maxBackOffNanos = maxBackOff.toNanos();
        this.backOffNanos = firstBackOffNanos;
    }

    /** The attempts of this JVM. */
    static CudaAttempts system() {
        return SYSTEM;
    }

    /**
     * Why not to try CUDA now, or null to try it: the caller then reports {@link #failed} or {@link
     * #loaded}, and other callers skip until it does or the back-off passes.
     */
    synchronized String reasonToSkip() {
        if (!Files.exists(driver)) {
            return "no NVIDIA driver on this machine (" + driver + " is absent)";
        }
        long now = nanoClock.getAsLong();
        if (lastFailure != null && now - nextTryNanos < 0) {
            return lastFailure
                    + " (earlier in this JVM; CUDA is tried again in "
                    + TimeUnit.NANOSECONDS.toSeconds(nextTryNanos - now + 999_999_999)
                    + " s)";
        }
        if (lastFailure != null) {
            // claim this retry: sessions opening while it runs skip CUDA
            nextTryNanos = now + backOffNanos;
        }
        return null;
    }

    /** The try failed for {@code reason}: wait the back-off, and double it for next time. */
    synchronized void failed(String reason) {
        lastFailure = reason;
        nextTryNanos = nanoClock.getAsLong() + backOffNanos;
        backOffNanos = Math.min(maxBackOffNanos, backOffNanos * 2);
    }

    /**
     * The try worked: later sessions try CUDA at once, and a later failure waits the first
     * back-off.
     */
    synchronized void loaded() {
        lastFailure = null;
        backOffNanos = firstBackOffNanos;
        nextTryNanos = nanoClock.getAsLong();
    }
}
