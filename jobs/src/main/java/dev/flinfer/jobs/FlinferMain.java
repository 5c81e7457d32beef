package dev.flinfer.jobs;

import dev.flinfer.bundle.ModelLoadException;
import dev.flinfer.jobs.bench.BenchCommand;
import dev.flinfer.jobs.demo.DemoCommand;
import dev.flinfer.jobs.sql.SqlCommand;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The job jar's entry point: runs a Flinfer job (a local MiniCluster under {@code java -jar}, the
 * cluster under {@code flink run}), or the {@code demo}.
 *
 * <pre>{@code
 * java -jar jobs/target/flinfer-jobs.jar --task text-embedding --model all-minilm-l6-v2 \
 *      --input kafka://localhost:9092/texts --output kafka://localhost:9092/embeddings
 * java -jar jobs/target/flinfer-jobs.jar demo
 * java -jar jobs/target/flinfer-jobs.jar sql examples/sql/embed-posts.sql
 * }</pre>
 */
@Command(
        name = "flinfer-jobs.jar",
        mixinStandardHelpOptions = true,
        version = "Flinfer 0.1.0",
        sortOptions = false,
        subcommands = {DemoCommand.class, BenchCommand.class, SqlCommand.class},
        description = {
            "Runs ONNX models inside a Flink job: JSON events in from Kafka or a JSON Lines file, enriched events"
                    + " out, bad records to a dead-letter endpoint with the reason and the original bytes.",
            "With a file input the job is bounded and exits 0 when done; with Kafka it runs until cancelled."
        })
public final class FlinferMain implements Callable<Integer> {
    @Mixin JobOptions options = new JobOptions();

    @Override
    public Integer call() throws Exception {
        options.validate();
        StreamExecutionEnvironment env = JobEnvironment.create(options);
        FlinferJob.build(env, options);
        System.err.printf(
                "Flinfer %s: %s -> %s (dead letters -> %s), model %s, device %s%n",
                options.task,
                options.inputEndpoint(),
                options.outputEndpoint(),
                options.deadLetterEndpoint(),
                options.model(),
                options.device);
        env.getConfiguration()
                .getOptional(StateRecoveryOptions.SAVEPOINT_PATH)
                .ifPresent(path -> System.err.println("Restoring from " + path));
        JobExecutionResult result = env.execute(options.jobName());
        if (result.isJobExecutionResult()) {
            System.err.printf("Done in %.1f s%n", result.getNetRuntime() / 1000.0);
        } else {
            System.err.println("Submitted job " + result.getJobID() + " (detached)");
        }
        return 0;
    }

    /**
     * Runs the command line. Exits the JVM with the error code only when this JVM was started for
     * it ({@code java -jar} or {@code java ... FlinferMain}); inside a Flink client or JobManager
     * (REST submission, application mode) it throws instead, because exiting would take the cluster
     * process down.
     */
    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code == 0) {
            return;
        }
        if (startedForThisCommand()) {
            System.exit(code);
        }
        throw new IllegalStateException(
                "Flinfer job failed to start (exit code " + code + "); see the error above");
    }

    private static boolean startedForThisCommand() {
        String command = System.getProperty("sun.java.command", "");
        String first = command.split(" ", 2)[0];
        if (first.equals(FlinferMain.class.getName())) {
            return true;
        }
        try {
            java.nio.file.Path jar =
                    java.nio.file.Path.of(
                            FlinferMain.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            return first.endsWith(".jar")
                    && java.nio.file.Path.of(first).toAbsolutePath().equals(jar.toAbsolutePath());
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The command line with its error handling: bad options and unusable models print one clear
     * line.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FlinferMain());
        commandLine.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    Throwable cause = e;
                    while (cause.getCause() != null
                            && !(cause instanceof ModelLoadException)
                            && !(cause instanceof IllegalArgumentException)) {
                        cause = cause.getCause();
                    }
                    if (cause instanceof IllegalArgumentException
                            || cause instanceof ModelLoadException) {
                        cmd.getErr().println("error: " + cause.getMessage());
                        return cause instanceof IllegalArgumentException ? 2 : 1;
                    }
                    throw e;
                });
        return commandLine;
    }
}
