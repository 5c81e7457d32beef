package dev.flinfer.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;

class CheckpointsTest {

    @Test
    void aCheckpointDirectoryOnARemoteFileSystemIsKeptAsItsUri() {
        Configuration conf = configuration("--checkpoint-dir", "s3://bucket/flinfer/checkpoints");
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("s3://bucket/flinfer/checkpoints");
        assertThat(Checkpoints.toUri("file:///flink-data/checkpoints"))
                .isEqualTo("file:///flink-data/checkpoints");
    }

    @Test
    void aLocalCheckpointDirectoryBecomesAnAbsoluteFileUri() {
        Configuration conf = configuration("--checkpoint-dir", "some/dir");
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(Path.of("some/dir").toAbsolutePath().toUri().toString());
    }

    @Test
    void aRemoteSavepointToRestoreIsPassedToFlinkAsGiven() {
        Configuration conf =
                configuration(
                        "--checkpoint-dir", "s3://b/c", "--restore", "s3://b/savepoints/sp-1");
        assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEqualTo("s3://b/savepoints/sp-1");
    }

    @Test
    void restoringTheLatestCheckpointOfARemoteDirectoryIsRefusedWithTheWayOut() {
        assertThatThrownBy(
                        () -> configuration("--checkpoint-dir", "s3://b/c", "--restore", "latest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://b/c")
                .hasMessageContaining("chk-N");
    }

    private static Configuration configuration(String... extra) {
        FlinferMain main = new FlinferMain();
        String[] base = {"--input", "kafka://h:1/in", "--output", "kafka://h:1/out"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        new picocli.CommandLine(main).parseArgs(args);
        main.options.validate();
        return JobEnvironment.configuration(main.options);
    }
}
