/**
 * Image pre-processing: safe decoding of untrusted bytes (limits checked from the header, EXIF
 * orientation, alpha flattened) and the resize / crop / normalise steps of {@code
 * preprocessor_config.json}, and the readers of images in records (raw, or base64 in JSON, with one
 * size rule). Pure Java over ImageIO: no Flink, no ONNX Runtime.
 */
package dev.flinfer.image;
