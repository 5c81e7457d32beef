/**
 * Text pre/post-processing: tokenization with the model's {@code tokenizer.json}, padding per
 * batch, pooling and normalisation of embeddings, and the reader of a JSON text field. Pure Java
 * over DJL's tokenizer binding: no Flink, no ONNX Runtime.
 */
package dev.flinfer.text;
