/**
 * Generated ViT image classifiers: the ONNX graph written with ONNX's protobuf classes ({@code
 * VitGraph}), seeded weights ({@code VitWeights}), a plain-Java forward pass of the same weights as
 * the reference ({@code VitForward}), and bundles in Hugging Face layout ({@code VitBundleWriter},
 * {@code VitGenerator}).
 */
package dev.flinfer.models.vit;
