package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinfer.tasks.FlinferOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's contract: options listed by --help, clear errors for bad values. */
class FlinferMainTest {

    private static String[] run(String... args) {
        CommandLine commandLine = FlinferMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void helpSaysTheDockerImageDoesNotSupportTensorRt() {
        String help = run("--help")[1].replaceAll("\\s+", " ");
        assertThat(help)
                .contains("tensorrt:N needs TensorRT 10 libraries")
                .contains("has none, so tensorrt:N fails at start there");
    }

    @Test
    void helpListsEveryDocumentedOption() {
        String[] result = run("--help");
        assertThat(result[0]).isEqualTo("0");
        for (String option :
                new String[] {
                    "--task",
                    "--model",
                    "--input",
                    "--output",
                    "--dead-letter",
                    "--batch-size",
                    "--max-latency",
                    "--device",
                    "--threads",
                    "--parallelism",
                    "--text-field",
                    "--delivery",
                    "--checkpoint-interval",
                    "--checkpoint-dir",
                    "length-buckets",
                    "--per-record",
                    "--full-size-decoding",
                    "demo",
                    "bench"
                }) {
            assertThat(result[1]).contains(option);
        }
    }

    @Test
    void aMissingInputIsAUsageError() {
        String[] result = run("--output", "file:out.jsonl");
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).contains("Missing --input");
    }

    @Test
    void badValuesAreNamedInTheError() {
        assertThat(run("--input", "kafka://host/t", "--output", "file:o", "--delivery", "twice")[2])
                .contains("twice");
        assertThat(run("--input", "kafka:/nohost", "--output", "file:o")[2])
                .contains("kafka:/nohost");
        assertThat(
                        run(
                                "--input",
                                "kafka://h:1/t",
                                "--output",
                                "kafka://h:1/o",
                                "--device",
                                "tpu")[2])
                .contains("tpu");
        assertThat(
                        run(
                                "--input",
                                "kafka://h:1/t",
                                "--output",
                                "kafka://h:1/o",
                                "--batch-size",
                                "0")[2])
                .contains("--batch-size must be >= 1, got 0");
        assertThat(run("--task", "translation")[2]).contains("translation");
    }

    @Test
    void anUnknownModelFailsAtStartNamingIt() {
        String[] result =
                run(
                        "--input",
                        "file:/dev/null",
                        "--output",
                        "file:/tmp/x.jsonl",
                        "--model",
                        "no-such-model");
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2]).contains("no-such-model").contains("all-minilm-l6-v2");
    }

    @Test
    void theDeadLetterEndpointDefaultsBesideTheOutput() {
        JobOptions options = new JobOptions();
        options.input = "kafka://h:9092/in";
        options.output = "kafka://h:9092/out";
        assertThat(options.deadLetterEndpoint().topic()).isEqualTo("out.dead-letters");
        options.output = "file:/data/out.jsonl";
        assertThat(options.deadLetterEndpoint().path()).isEqualTo("/data/out.dead-letters.jsonl");
    }

    @Test
    void lengthBucketsAreOnUnlessTurnedOffAndPerRecordIsOptIn() {
        JobOptions defaults = parse("--input", "file:/in.jsonl", "--output", "file:/out.jsonl");
        assertThat(defaults.lengthBuckets).isTrue();
        assertThat(defaults.perRecord).isFalse();

        JobOptions naive =
                parse(
                        "--input",
                        "file:/in.jsonl",
                        "--output",
                        "file:/out.jsonl",
                        "--no-length-buckets",
                        "--per-record");
        assertThat(naive.lengthBuckets).isFalse();
        assertThat(naive.perRecord).isTrue();
    }

    @Test
    void theCoresAreDividedAmongSlotsAndInferenceWorkersUnlessThreadsAreGiven() {
        int cores = Runtime.getRuntime().availableProcessors();
        JobOptions defaults = parseFileJob();
        assertThat(defaults.inferenceWorkers).isEqualTo(2);
        assertThat(defaults.intraOpThreads()).isEqualTo(Math.max(1, cores / 2));
        assertThat(parseFileJob("--inference-workers", "1").intraOpThreads()).isEqualTo(cores);
        assertThat(parseFileJob("--per-record").intraOpThreads()).isEqualTo(cores);
        assertThat(parseFileJob("--parallelism", "2", "--shared-engine").intraOpThreads())
                .isEqualTo(Math.max(1, cores / 2));
        assertThat(parseFileJob("--inference-workers", "3", "--threads", "5").intraOpThreads())
                .isEqualTo(5);
    }

    @Test
    void fewerThanOneInferenceWorkerIsRejected() {
        JobOptions options = parseFileJob("--inference-workers", "0");
        assertThatThrownBy(options::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--inference-workers must be >= 1, got 0");
    }

    @Test
    void fullSizeDecodingTurnsReducedDecodingOff() {
        assertThat(parseFileJob().toConfiguration().get(FlinferOptions.REDUCED_DECODING)).isTrue();
        assertThat(
                        parseFileJob("--task", "image-classification", "--full-size-decoding")
                                .toConfiguration()
                                .get(FlinferOptions.REDUCED_DECODING))
                .isFalse();
    }

    /** A file-to-file job with {@code extra} options. */
    private static JobOptions parseFileJob(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of("--input", "file:/in.jsonl", "--output", "file:/out.jsonl"));
        args.addAll(List.of(extra));
        return parse(args.toArray(String[]::new));
    }

    private static JobOptions parse(String... args) {
        CommandLine.ParseResult parsed = FlinferMain.commandLine().parseArgs(args);
        return ((FlinferMain) parsed.commandSpec().userObject()).options;
    }
}
