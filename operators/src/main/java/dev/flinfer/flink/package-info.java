/**
 * The public Flink face of Flinfer: a builder per task ({@link dev.flinfer.flink.TextEmbeddings},
 * {@link dev.flinfer.flink.TextClassifications}, {@link dev.flinfer.flink.ImageClassifications},
 * {@link dev.flinfer.flink.Moderations}, and {@link dev.flinfer.flink.TaskStage} for any task by
 * its descriptor), each a micro-batching operator behind Flink's ordered async operator or a
 * per-record map function, and {@link dev.flinfer.flink.Outcomes} to split results from dead
 * letters. Options are the tasks' {@link dev.flinfer.tasks.FlinferOptions}.
 */
package dev.flinfer.flink;
