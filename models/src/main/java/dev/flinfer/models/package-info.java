/**
 * Model tooling shared by the generators: when a generated bundle was built and when its
 * generator's classes changed ({@code BundleStamp}), the bundle files they write ({@code
 * BundleFiles}) and their command-line values ({@code CliArgs}). Each generator has its own package
 * (ViT, GPT-2, T5, zero-shot prototypes, TF.js conversion, sample images); the pure-Java math and
 * seeded weights they share are in {@code nn}.
 */
package dev.flinfer.models;
