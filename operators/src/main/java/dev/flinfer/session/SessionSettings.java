package dev.flinfer.session;

import java.io.Serializable;

/**
 * How to open an ONNX Runtime session: the device and the number of intra-op threads (0 lets ONNX
 * Runtime use one per core; a slot should get the cores it owns, no more).
 */
public record SessionSettings(Device device, int intraOpThreads) implements Serializable {
    public static final int DEFAULT_INTRA_OP_THREADS = 0;

    public SessionSettings {
        if (device == null) {
            throw new IllegalArgumentException("device must not be null");
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException(
                    "intraOpThreads must be >= 0, got " + intraOpThreads);
        }
    }

    public static SessionSettings cpu(int intraOpThreads) {
        return new SessionSettings(Device.CPU, intraOpThreads);
    }
}
