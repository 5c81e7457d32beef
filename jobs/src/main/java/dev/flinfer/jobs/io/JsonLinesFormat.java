package dev.flinfer.jobs.io;

import dev.flinfer.record.SourceRecord;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a JSON Lines file as {@link SourceRecord}s with the exact bytes of each line ({@code \n} or
 * {@code \r\n} ends a line), the file name as topic, and the line number (from 0) as offset. Bytes
 * are not decoded, so a line that is not valid UTF-8 reaches the dead-letter output intact.
 */
public final class JsonLinesFormat extends SimpleStreamFormat<SourceRecord> {
    private static final long serialVersionUID = 1L;

    private final String fileName;

    public JsonLinesFormat(String fileName) {
        this.fileName = fileName;
    }

    @Override
    public StreamFormat.Reader<SourceRecord> createReader(
            Configuration config, FSDataInputStream stream) {
        return new LineReader(new BufferedInputStream(stream, 1 << 16), fileName);
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }

    /** Splits the stream into lines; counts them, also when Flink skips records on restore. */
    private static final class LineReader implements StreamFormat.Reader<SourceRecord> {
        private final InputStream in;
        private final String fileName;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private long lineNumber;

        LineReader(InputStream in, String fileName) {
            this.in = in;
            this.fileName = fileName;
        }

        @Override
        public SourceRecord read() throws IOException {
            line.reset();
            int b;
            boolean any = false;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    break;
                }
                line.write(b);
            }
            if (!any) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length;
            if (length > 0 && bytes[length - 1] == '\r') {
                bytes = java.util.Arrays.copyOf(bytes, length - 1);
            }
            return new SourceRecord(
                    fileName, 0, lineNumber++, System.currentTimeMillis(), null, bytes);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
