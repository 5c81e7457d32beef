package dev.flinfer.jobs;

import dev.flinfer.jobs.io.Endpoint;
import java.io.Serializable;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The command line of a model whose versions change while the job runs: where commands come from (a
 * control topic, a repository poll) and where its events and the shadow's comparisons go.
 */
public final class LifecycleOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    @Option(
            names = "--model-control",
            paramLabel = "URI",
            description =
                    "Model versions: a control topic (kafka://HOST:PORT/TOPIC) of JSON commands,"
                            + " e.g. {\"model\": \"NAME\", \"serve\": 3}; --model must be a"
                            + " repository of numbered versions (NAME/1/, NAME/2/).")
    public String modelControl;

    @Option(
            names = "--model-poll-interval",
            paramLabel = "MS",
            description =
                    "Model versions: look for a newer version in the repository this often"
                            + " (default never); a new NAME/N/ directory then serves.")
    public Long modelPollIntervalMs;

    @Option(
            names = "--model-events",
            paramLabel = "URI",
            description =
                    "Model versions: where lifecycle events go (kafka://HOST:PORT/TOPIC or"
                            + " file:PATH; default: the log only).")
    public String modelEvents;

    @Option(
            names = "--shadow-output",
            paramLabel = "URI",
            description =
                    "Model versions: where a shadow version's per-record comparisons go"
                            + " (kafka://... or file:PATH); without it, shadow commands are refused.")
    public String shadowOutput;

    /** Whether the model's versions may change while the job runs. */
    public boolean enabled() {
        return modelControl != null || modelPollIntervalMs != null;
    }

    /** Checks the options together, naming the bad value. */
    public void validate() {
        if (modelControl != null && !Endpoint.parse(modelControl).isKafka()) {
            throw new IllegalArgumentException(
                    "--model-control must be kafka://HOST:PORT/TOPIC, got " + modelControl);
        }
        if (modelPollIntervalMs != null && modelPollIntervalMs < 100) {
            throw new IllegalArgumentException(
                    "--model-poll-interval must be >= 100 ms, got " + modelPollIntervalMs);
        }
        if (!enabled() && (modelEvents != null || shadowOutput != null)) {
            throw new IllegalArgumentException(
                    "--model-events and --shadow-output need --model-control or"
                            + " --model-poll-interval");
        }
        if (modelEvents != null) {
            Endpoint.parse(modelEvents);
        }
        if (shadowOutput != null) {
            Endpoint.parse(shadowOutput);
        }
    }

    public Duration pollInterval() {
        return modelPollIntervalMs == null ? null : Duration.ofMillis(modelPollIntervalMs);
    }
}
