package dev.flinfer.flink.internal;

import dev.flinfer.engine.BatchTask;
import dev.flinfer.flink.ModelRepository;
import dev.flinfer.flink.TaskFactory;
import dev.flinfer.record.Outcome;
import dev.flinfer.record.SourceRecord;
import dev.flinfer.tasks.FlinferOptions;
import dev.flinfer.tasks.TaskDescriptor;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;

/**
 * Opens one version of a repository's model with the stage's options: the version is copied to a
 * local directory when its file system is remote, then opened, checked and warmed up as any model
 * is at start. Two subtasks of one TaskManager asking for the same version with a shared engine get
 * the same engine (the factory is the engine's key).
 */
@Internal
public record VersionFactory(
        TaskDescriptor<?> task, Configuration options, ModelRepository repository, int version)
        implements TaskFactory {

    @Override
    public String name() {
        return repository.name() + "-v" + version;
    }

    @Override
    public BatchTask<SourceRecord, ?, ?, Outcome> open() {
        Configuration conf = new Configuration(options);
        conf.set(FlinferOptions.MODEL, repository.localDirectory(version).toString());
        return openRecords(task, conf);
    }

    private static <S extends dev.flinfer.tasks.TaskSettings>
            BatchTask<SourceRecord, ?, ?, Outcome> openRecords(
                    TaskDescriptor<S> task, Configuration conf) {
        return task.openRecords(task.settings(conf));
    }
}
