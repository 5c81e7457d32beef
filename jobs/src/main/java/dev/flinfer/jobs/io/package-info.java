/**
 * Where a job reads and writes: {@code kafka://HOST:PORT/TOPIC} or {@code file:PATH} endpoints,
 * Kafka sources and sinks, and JSON Lines files.
 */
package dev.flinfer.jobs.io;
