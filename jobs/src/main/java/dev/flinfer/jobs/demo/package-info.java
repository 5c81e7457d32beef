/**
 * The {@code demo} command: an in-process Kafka broker and a local MiniCluster running the text,
 * image and moderation jobs on bundled models, with sample and hostile records made here.
 */
package dev.flinfer.jobs.demo;
