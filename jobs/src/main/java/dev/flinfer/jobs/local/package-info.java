/** A real Kafka broker (KRaft) inside this JVM, for the demo, the bench and the tests. */
package dev.flinfer.jobs.local;
