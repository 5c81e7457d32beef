package dev.flinfer.jobs.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes one line per element to a single local file, for bounded runs ({@code --output file:...}).
 * Run it with parallelism 1. The file is truncated when the writer opens: a file-to-file job runs
 * without checkpoints, so a restart re-reads its input from the start and rewrites the whole file.
 */
public final class JsonLinesSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** Turns an element into one line of bytes (without the newline). */
    public interface LineEncoder<T> extends Serializable {
        byte[] encode(T element);
    }

    private final String path;
    private final LineEncoder<T> encoder;

    public JsonLinesSink(String path, LineEncoder<T> encoder) {
        this.path = path;
        this.encoder = encoder;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path file = Path.of(path);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        OutputStream out =
                new BufferedOutputStream(
                        Files.newOutputStream(
                                file,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.WRITE),
                        1 << 16);
        return new Writer<>(out, encoder);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final OutputStream out;
        private final LineEncoder<T> encoder;

        Writer(OutputStream out, LineEncoder<T> encoder) {
            this.out = out;
            this.encoder = encoder;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            out.write(encoder.encode(element));
            out.write('\n');
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
