package dev.flinfer.jobs;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.bundle.ModelCatalog;
import dev.flinfer.classification.Labels;
import dev.flinfer.jobs.io.Endpoint;
import dev.flinfer.moderation.ModerationPolicy;
import dev.flinfer.moderation.ModerationSettings;
import java.nio.file.Path;

/**
 * The moderation task's options, checked on the client before anything is submitted: the three
 * decision endpoints, and the policy file read and checked against both models' labels.
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

    static String imageModel(JobOptions options) {
        return options.imageModel != null
                ? options.imageModel
                : ModerationSettings.DEFAULT_IMAGE_MODEL;
    }

    /**
     * Reads the policy and checks its labels against the models' {@code config.json}; every failure
     * names the file.
     */
    static ModerationPolicy policy(JobOptions options) {
        ModerationPolicy policy = ModerationPolicy.read(Path.of(options.policy));
        check(policy, ModerationPolicy.TEXT, ModelCatalog.resolve(options.model()));
        check(policy, ModerationPolicy.IMAGE, ModelCatalog.resolve(imageModel(options)));
        return policy;
    }

    private static void check(ModerationPolicy policy, String part, ModelBundle bundle) {
        Labels labels =
                Labels.fromConfig(
                        bundle.config(), bundle.directory().resolve(ModelBundle.CONFIG).toString());
        policy.checkLabels(part, labels, bundle.name());
    }
}
