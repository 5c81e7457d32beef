/**
 * Classification post-processing: labels from {@code id2label}, softmax / sigmoid / top-k. Pure
 * Java.
 */
package dev.flinfer.classification;
