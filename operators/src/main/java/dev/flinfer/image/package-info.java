/**
 * Image pre-processing: safe decoding of untrusted bytes (limits checked from the header, EXIF
 * orientation, alpha flattened) and the resize / crop / normalise steps of {@code
 * preprocessor_config.json}. Pure Java over ImageIO: no Flink, no ONNX Runtime.
 */
package dev.flinfer.image;
