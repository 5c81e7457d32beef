/**
 * Text embeddings: the sentence-encoder model (tokenizer + session + pooling) and the task that
 * turns JSON events into enriched events or dead letters. No Flink types.
 */
package dev.flinfer.embedding;
