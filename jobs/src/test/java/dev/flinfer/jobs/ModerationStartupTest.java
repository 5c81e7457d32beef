package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A bad policy file fails the moderation job at start, naming the file and the problem. */
class ModerationStartupTest {
    @TempDir Path dir;

    private String[] run(Path policy, String... extra) {
        CommandLine commandLine = FlinferMain.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        String[] base = {
            "--task",
            "moderation",
            "--policy",
            policy.toString(),
            "--input",
            "kafka://localhost:1/posts",
            "--approved",
            "kafka://localhost:1/approved",
            "--review",
            "kafka://localhost:1/review",
            "--blocked",
            "kafka://localhost:1/blocked"
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        int code = commandLine.execute(args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void aPolicyWithABadThresholdFailsTheJobAtStartNamingTheFile() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "text:\n  threat: {block: 7}\n");
        String[] result = run(policy);
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1])
                .contains("error: Policy file " + policy + ": text.threat.block must be in [0, 1]");
    }

    @Test
    void aPolicyNamingALabelTheModelLacksFailsTheJobAtStart() throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"text\": {\"hate\": {\"block\": 0.5}}}");
        String[] result = run(policy);
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1])
                .contains("Policy file " + policy)
                .contains("'hate' is not a label of model moderation-minilm-zeroshot-prototypes");
    }

    @Test
    void aMissingPolicyFileFailsTheJobAtStart() {
        Path policy = dir.resolve("missing.yaml");
        String[] result = run(policy);
        assertThat(result[1]).contains("Policy file " + policy + ": not found");
    }

    @Test
    void moderationNeedsTheThreeDecisionEndpoints() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "text:\n  threat: {block: 0.6}\n");
        CommandLine commandLine = FlinferMain.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        int code =
                commandLine.execute(
                        "--task",
                        "moderation",
                        "--policy",
                        policy.toString(),
                        "--input",
                        "kafka://localhost:1/posts",
                        "--approved",
                        "kafka://localhost:1/approved");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Missing --review");
    }
}
