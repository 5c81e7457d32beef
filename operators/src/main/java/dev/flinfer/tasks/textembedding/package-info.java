/**
 * Text embeddings: the sentence-encoder model (tokenizer + session + pooling) and the task's
 * descriptor (options, settings, the JSON it writes). No Flink types but its configuration.
 */
package dev.flinfer.tasks.textembedding;
