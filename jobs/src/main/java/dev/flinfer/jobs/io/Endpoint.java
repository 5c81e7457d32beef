package dev.flinfer.jobs.io;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where a job reads or writes: {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC} or {@code file:PATH}
 * (a JSON Lines file; a bare path is a file too).
 *
 * <pre>{@code
 * Endpoint in = Endpoint.parse("kafka://localhost:9092/texts");
 * }</pre>
 */
public record Endpoint(Kind kind, String servers, String topic, String path)
        implements Serializable {

    /** Kafka topic or local file. */
    public enum Kind {
        KAFKA,
        FILE
    }

    public static Endpoint parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException(
                    "Empty endpoint: expected kafka://HOST:PORT/TOPIC or file:PATH");
        }
        if (uri.startsWith("kafka://")) {
            String rest = uri.substring("kafka://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException(
                        "Bad Kafka endpoint '" + uri + "': expected kafka://HOST:PORT/TOPIC");
            }
            String topic = rest.substring(slash + 1);
            if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new IllegalArgumentException(
                        "Bad Kafka topic '"
                                + topic
                                + "' in '"
                                + uri
                                + "': use letters, digits, '.', '_' and '-'");
            }
            return new Endpoint(Kind.KAFKA, rest.substring(0, slash), topic, null);
        }
        if (uri.contains("://") && !uri.startsWith("file://")) {
            throw new IllegalArgumentException(
                    "Unknown endpoint scheme in '"
                            + uri
                            + "': expected kafka://HOST:PORT/TOPIC or file:PATH");
        }
        String path =
                uri.startsWith("file://")
                        ? uri.substring("file://".length())
                        : uri.startsWith("file:") ? uri.substring("file:".length()) : uri;
        if (path.isBlank()) {
            throw new IllegalArgumentException("Bad file endpoint '" + uri + "': no path");
        }
        return new Endpoint(
                Kind.FILE, null, null, Path.of(path).toAbsolutePath().normalize().toString());
    }

    public boolean isKafka() {
        return kind == Kind.KAFKA;
    }

    /** A name for logs: the topic or the file. */
    public String name() {
        return isKafka() ? topic : path;
    }

    @Override
    public String toString() {
        return isKafka() ? "kafka://" + servers + "/" + topic : "file:" + path;
    }
}
