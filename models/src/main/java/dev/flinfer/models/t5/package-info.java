/**
 * A generated T5-style encoder-decoder with seeded weights, written in Hugging Face Optimum's ONNX
 * export layout ({@code encoder_model.onnx}, {@code decoder_model_merged.onnx} or the {@code
 * decoder_model.onnx} / {@code decoder_with_past_model.onnx} pair), with a plain-Java forward pass
 * of the same weights ({@code T5Forward}) as the reference, for testing text generation runtimes.
 */
package dev.flinfer.models.t5;
