/**
 * Model bundles in Hugging Face export layout and the catalog that resolves a model name or
 * directory to one. Plain Java, no Flink and no ONNX Runtime types; every failure names the file
 * and the problem.
 */
package dev.flinfer.bundle;
