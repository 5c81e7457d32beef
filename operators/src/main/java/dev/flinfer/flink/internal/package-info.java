/**
 * Flink-side internals: the async function in front of the batching engine, metrics. Not a public
 * API; use the builders in {@code dev.flinfer.flink}.
 */
package dev.flinfer.flink.internal;
