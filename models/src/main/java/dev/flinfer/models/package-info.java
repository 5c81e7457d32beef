/**
 * Model tooling shared by the generators: when a generated bundle was built. Each generator has its
 * own package (ViT, zero-shot prototypes, TF.js conversion, sample images).
 */
package dev.flinfer.models;
