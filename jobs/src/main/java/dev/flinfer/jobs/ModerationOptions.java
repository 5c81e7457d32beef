package dev.flinfer.jobs;

import dev.flinfer.jobs.io.Endpoint;

/**
 * The moderation task's command-line options, checked on the client before anything is submitted:
 * the policy file and the three decision endpoints (the policy's labels are checked against both
 * models when the job is built).
 */
final class ModerationOptions {
    private ModerationOptions() {}

    static void validate(JobOptions options) {
        if (options.policy == null) {
            throw new IllegalArgumentException("Missing --policy FILE (JSON or YAML)");
        }
        for (String[] endpoint :
                new String[][] {
                    {"--approved", options.approved},
                    {"--review", options.review},
                    {"--blocked", options.blocked}
                }) {
            if (endpoint[1] == null) {
                throw new IllegalArgumentException(
                        "Missing " + endpoint[0] + " (kafka://HOST:PORT/TOPIC or file:PATH)");
            }
            Endpoint.parse(endpoint[1]);
        }
        if (options.output != null) {
            throw new IllegalArgumentException(
                    "--output does not apply to moderation: use --approved, --review, --blocked");
        }
    }
}
