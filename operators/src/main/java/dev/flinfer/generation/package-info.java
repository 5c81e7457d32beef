/**
 * Text generation over plain ONNX Runtime: the model's shape from its bundle, a KV cache in reused
 * direct buffers, one decoder step for every live sequence of a running batch (decoder-only and
 * encoder-decoder graphs in Hugging Face Optimum's export layout), and the choice of each next
 * token (greedy, seeded sampling, beam search). No Flink types.
 */
package dev.flinfer.generation;
