/**
 * Generated ViT image classifiers: the ONNX graph written with ONNX's protobuf classes, seeded
 * weights, a plain-Java forward pass of the same weights as the reference, and bundles in Hugging
 * Face layout.
 */
package dev.flinfer.models.vit;
