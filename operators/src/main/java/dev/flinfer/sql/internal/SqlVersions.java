package dev.flinfer.sql.internal;

import dev.flinfer.flink.ModelRepository;
import dev.flinfer.tasks.FlinferOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;

/**
 * How a SQL model's versions change while the query runs ({@code 'model-control'}, {@code
 * 'model-poll-interval'}): the repository, the version served at start, the model's own options
 * (each version opens with them), the control topic and the poll interval.
 *
 * @param repository the model's numbered versions
 * @param initial the version served at start: the one {@code 'model'} pins, else the newest
 * @param options the model's WITH options
 * @param servers the control topic's bootstrap servers, null when there is none
 * @param topic the control topic, null when there is none
 * @param pollInterval how often to look for a newer version, null for never
 * @param commandsFromMillis commands written from this time on apply (the query's planning)
 */
@Internal
public record SqlVersions(
        ModelRepository repository,
        int initial,
        Map<String, String> options,
        String servers,
        String topic,
        Duration pollInterval,
        long commandsFromMillis)
        implements Serializable {

    public SqlVersions {
        options = Map.copyOf(options);
    }

    /**
     * The parts of {@code kafka://HOST:PORT[,HOST:PORT]/TOPIC}: servers and topic; throws naming
     * the form when it is not one.
     */
    static String[] control(String uri) {
        String prefix = "kafka://";
        int slash = uri.indexOf('/', prefix.length());
        if (!uri.startsWith(prefix) || slash <= prefix.length() || slash == uri.length() - 1) {
            throw new IllegalArgumentException(
                    "'model-control' must be kafka://HOST:PORT/TOPIC, got '" + uri + "'");
        }
        String topic = uri.substring(slash + 1);
        if (topic.contains("/")) {
            throw new IllegalArgumentException(
                    "'model-control' must be kafka://HOST:PORT/TOPIC, got '" + uri + "'");
        }
        return new String[] {uri.substring(prefix.length(), slash), topic};
    }

    /** The model's options with {@code 'model'} at {@code version}'s local copy. */
    Configuration optionsOf(int version) {
        Configuration conf = Configuration.fromMap(options);
        conf.set(FlinferOptions.MODEL, repository.localDirectory(version).toString());
        return conf;
    }
}
