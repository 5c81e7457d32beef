package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with file endpoints: a bounded job on a local MiniCluster that exits 0 when
 * done.
 */
@Timeout(300)
class FileJobITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFileJobEnrichesEveryLineAndDeadLettersTheBadOnesThenExits(@TempDir Path dir)
            throws Exception {
        Path in = dir.resolve("in.jsonl");
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        List<String> expectedIds = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.write(
                    JSON.createObjectNode()
                            .put("id", "doc-" + i)
                            .put("body", "document body " + i)
                            .toString()
                            .getBytes(StandardCharsets.UTF_8));
            lines.write('\n');
            expectedIds.add("doc-" + i);
        }
        byte[] broken = {'{', '"', 'b', 'o', 'd', 'y', '"', ':', (byte) 0xFF, '}'};
        lines.write(broken);
        lines.write("\r\n{\"id\": \"empty\", \"body\": \"\"}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(in, lines.toByteArray());
        Path out = dir.resolve("out.jsonl");
        Path dlq = dir.resolve("dlq.jsonl");

        int code =
                FlinferMain.commandLine()
                        .execute(
                                "--task",
                                "text-embedding",
                                "--model",
                                "all-minilm-l6-v2",
                                "--input",
                                "file:" + in,
                                "--output",
                                "file:" + out,
                                "--dead-letter",
                                "file:" + dlq,
                                "--text-field",
                                "body",
                                "--output-field",
                                "vec",
                                "--device",
                                "cpu",
                                "--threads",
                                "2");

        assertThat(code).isZero();
        List<String> outLines = Files.readAllLines(out);
        assertThat(outLines).hasSize(50);
        List<String> ids = new ArrayList<>();
        for (String line : outLines) {
            JsonNode node = JSON.readTree(line);
            ids.add(node.path("id").asText());
            assertThat(node.path("vec").path("vector")).hasSize(384);
        }
        assertThat(ids).containsExactlyElementsOf(expectedIds);
        List<String> deadLines = Files.readAllLines(dlq);
        assertThat(deadLines).hasSize(2);
        JsonNode first = JSON.readTree(deadLines.get(0));
        assertThat(first.path("code").asText()).isEqualTo("malformed-json");
        assertThat(first.path("source").path("offset").asLong()).isEqualTo(50);
        assertThat(Base64.getDecoder().decode(first.path("value_base64").asText()))
                .isEqualTo(broken);
        assertThat(JSON.readTree(deadLines.get(1)).path("code").asText()).isEqualTo("empty-text");
    }

    @Test
    void withASharedEngineTheSlotsOfATaskManagerRunOneSetOfInferenceWorkers(@TempDir Path dir)
            throws Exception {
        Path in = dir.resolve("in.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            lines.append(
                            JSON.createObjectNode()
                                    .put("id", "doc-" + i)
                                    .put("text", "a text about streams, number " + i)
                                    .toString())
                    .append('\n');
        }
        Files.writeString(in, lines);

        java.util.Set<String> perSlot = inferenceThreadsWhileRunning(dir, in, "per-slot");
        java.util.Set<String> shared =
                inferenceThreadsWhileRunning(dir, in, "shared", "--shared-engine");

        // Per slot: engines named by subtask, "...-<subtask>-<worker>" (the second slot's engine
        // may
        // live only briefly: the file source has one split). Shared: one engine's two workers only.
        assertThat(perSlot).isNotEmpty().allMatch(name -> name.matches(".*-\\d+-\\d+"));
        assertThat(perSlot).noneMatch(name -> name.contains("-shared"));
        assertThat(shared).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        assertThat(shared).allMatch(name -> name.contains("-shared-"));
        List<String> perSlotLines = Files.readAllLines(dir.resolve("per-slot.jsonl"));
        List<String> sharedLines = Files.readAllLines(dir.resolve("shared.jsonl"));
        assertThat(sharedLines).hasSize(200).containsExactlyInAnyOrderElementsOf(perSlotLines);
    }

    /** Runs the job with parallelism 2 and returns the names of the inference threads seen. */
    private static java.util.Set<String> inferenceThreadsWhileRunning(
            Path dir, Path in, String name, String... extra) throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--input",
                                "file:" + in,
                                "--output",
                                "file:" + dir.resolve(name + ".jsonl"),
                                "--device",
                                "cpu",
                                "--threads",
                                "1",
                                "--parallelism",
                                "2"));
        args.addAll(List.of(extra));
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean running =
                new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler =
                new Thread(
                        () -> {
                            while (running.get()) {
                                for (Thread thread : Thread.getAllStackTraces().keySet()) {
                                    if (thread.getName().startsWith("flinfer-infer-")) {
                                        seen.add(thread.getName());
                                    }
                                }
                                try {
                                    Thread.sleep(10);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
        sampler.start();
        try {
            assertThat(FlinferMain.commandLine().execute(args.toArray(String[]::new))).isZero();
        } finally {
            running.set(false);
            sampler.join();
        }
        return seen;
    }
}
