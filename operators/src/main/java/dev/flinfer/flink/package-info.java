/**
 * The public Flink face of Flinfer: {@link dev.flinfer.flink.TextEmbeddings} (micro-batching
 * operator and per-record map function), {@link dev.flinfer.flink.Outcomes} to split results from
 * dead letters, and {@link dev.flinfer.flink.FlinferOptions}.
 */
package dev.flinfer.flink;
