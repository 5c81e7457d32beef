package dev.flinfer.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRootOptionsTest {

    @Test
    void theModelDirAndTheAllowedRootsOfTheTableConfigAreTheRoots(@TempDir Path dir)
            throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path more = Files.createDirectories(dir.resolve("more"));
        Configuration table = new Configuration();
        table.setString("flinfer.model.dir", models.toString());
        table.setString("flinfer.model.allowed-roots", more.toString());
        assertThat(ModelRootOptions.roots(table, new Configuration()).roots())
                .containsExactly(more.toRealPath(), models.toRealPath());
    }

    @Test
    void rootsInTheFlinkConfigurationFileCannotBeWidenedByASet(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Configuration file = new Configuration();
        file.setString("flinfer.model.dir", models.toString());
        Configuration table = new Configuration();
        table.setString("flinfer.model.allowed-roots", "/");
        assertThat(ModelRootOptions.roots(table, file).roots())
                .containsExactly(models.toRealPath());
    }

    @Test
    void withNoRootsSetOnlyBundledModelsAreAllowed() {
        assertThat(ModelRootOptions.roots(new Configuration(), new Configuration()).roots())
                .isEmpty();
    }
}
