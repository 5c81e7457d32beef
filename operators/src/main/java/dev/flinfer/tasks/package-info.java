/**
 * Tasks, each said once: a {@link dev.flinfer.tasks.TaskDescriptor} per task (what it reads and
 * writes, its options, how its model opens), the shared options and their rules ({@link
 * dev.flinfer.tasks.FlinferOptions}, {@link dev.flinfer.tasks.OptionRules}), the model-backed base
 * ({@link dev.flinfer.tasks.ModelTask}), the text-encoder base and the record adapter. The
 * DataStream builders, the SQL provider and the job's command line are adapters over these. No
 * Flink types but its configuration and annotations; one sub-package per task.
 */
package dev.flinfer.tasks;
