/**
 * Zero-shot text classifiers by prototypes: a real sentence encoder (all-MiniLM-L6-v2) composed
 * with a head whose rows are the normalised embeddings of label descriptions, written as one ONNX
 * graph in Hugging Face sequence-classification layout ({@code PrototypeClassifierGenerator}).
 */
package dev.flinfer.models.zeroshot;
