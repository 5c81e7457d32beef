/**
 * A converter from TensorFlow.js layers models (a Keras model topology, a weight manifest and
 * binary weight shards, uint8-quantised or float32) to ONNX graphs, and the build-time generator
 * that turns the npm package {@code nsfwjs} into the {@code nsfw-mobilenet-v2} bundle.
 */
package dev.flinfer.models.tfjs;
