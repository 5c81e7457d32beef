package dev.flinfer.image;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

/**
 * Bytes the current thread allocates while running some code: a check that a decompression bomb is
 * refused before pixels are allocated, whatever the heap size of the test JVM.
 */
final class Allocations {
    private Allocations() {}

    /** Heap bytes allocated by this thread while {@code work} ran (it may throw). */
    static long of(Callable<?> work) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported()
                || !threads.isThreadAllocatedMemoryEnabled()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread");
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            work.call();
        } catch (Exception expected) {
            // the work is usually a refusal
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
