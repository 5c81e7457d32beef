/**
 * What the generated decoder-only models (GPT-2-style, Llama-style) share: the cache and the
 * Optimum input and output names, the in-graph causal and padding mask, the bundle files, the
 * length-prior edits and the reference attention of one head.
 */
package dev.flinfer.models.decoder;
