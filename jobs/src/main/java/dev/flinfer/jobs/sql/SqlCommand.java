package dev.flinfer.jobs.sql;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Runs a Flink SQL file: {@code SET}, {@code CREATE TABLE}, {@code CREATE MODEL ... 'provider' =
 * 'onnx'} and {@code INSERT INTO ... ML_PREDICT(...)}. Under {@code java -jar} it runs on a local
 * MiniCluster and waits for the INSERT job (a bounded job ends, a streaming one runs until
 * cancelled); under {@code flink run} it submits to the cluster.
 *
 * <pre>{@code
 * java -jar jobs/target/flinfer-jobs.jar sql examples/sql/embed-posts.sql
 * }</pre>
 */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description =
                "Runs the statements of a Flink SQL file (statements end with ';'). All INSERTs run"
                        + " as one job, which the command waits for.")
public final class SqlCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The SQL file.")
    Path file;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("SQL file " + file + " cannot be read");
        }
        List<String> statements = SqlScript.split(Files.readString(file, StandardCharsets.UTF_8));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env);
        System.err.printf("Flinfer sql: %d statement(s) from %s%n", statements.size(), file);
        TableResult job = SqlRunner.run(tableEnv, statements, System.err);
        if (job != null && job.getJobClient().isPresent()) {
            job.await();
            System.err.println("Done");
        }
        return 0;
    }
}
