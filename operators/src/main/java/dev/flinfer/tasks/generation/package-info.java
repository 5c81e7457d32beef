/**
 * Text generation tasks: {@code text-generation} (decoder-only models) and {@code text2text}
 * (encoder-decoder models), one descriptor base, one model and one stepped record adapter for both.
 */
package dev.flinfer.tasks.generation;
