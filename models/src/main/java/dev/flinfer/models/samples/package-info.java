/**
 * Images drawn in code (no photographs ship with Flinfer) to exercise the bundled image models in
 * tests and in the demo: skin-tone gradients, drawings, neutral scenes, noise.
 */
package dev.flinfer.models.samples;
