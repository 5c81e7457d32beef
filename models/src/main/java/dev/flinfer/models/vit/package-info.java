/**
 * Generated ViT image classifiers: the ONNX graph written with ONNX's protobuf classes ({@code
 * VitGraph}), seeded weights ({@code VitWeights}), a plain-Java forward pass of the same weights as
 * the reference ({@code VitForward}), and bundles in Hugging Face layout ({@code VitBundleWriter},
 * {@code VitGenerator}). Also the graph tooling the other generators and converters reuse: {@code
 * OnnxGraphBuilder}, the transformer pieces over it ({@code TransformerOps}) and the model wrapping
 * of seeded graphs ({@code SeededModels}).
 */
package dev.flinfer.models.vit;
