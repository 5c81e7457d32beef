/**
 * The runnable job: the command line ({@code FlinferMain}, {@code JobOptions}), which turns its
 * options into the library's {@code FlinferOptions} and builds a Kafka (or file) to Kafka (or file)
 * pipeline ({@code FlinferJob}) with exactly-once checkpoints.
 */
package dev.flinfer.jobs;
