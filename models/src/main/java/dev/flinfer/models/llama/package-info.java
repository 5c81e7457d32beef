/**
 * A generated Llama-style decoder-only language model with seeded weights (RoPE, RMSNorm,
 * grouped-query attention, SwiGLU), in Hugging Face Optimum's export layout with a key/value cache
 * ({@code LlamaGraph}, {@code LlamaGenerator}), and a plain-Java forward pass of the same weights
 * as the reference ({@code LlamaForward}).
 */
package dev.flinfer.models.llama;
