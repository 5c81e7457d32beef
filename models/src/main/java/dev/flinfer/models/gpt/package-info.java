/**
 * Generated GPT-2-style decoder-only language models with seeded weights, in Hugging Face Optimum's
 * export layout with a key/value cache ({@code GptGraph}, {@code GptGenerator}), and a plain-Java
 * forward pass of the same weights as the reference ({@code GptForward}).
 */
package dev.flinfer.models.gpt;
