/**
 * Tests that keep the deployment files honest where they cannot run (no Docker engine, no
 * Kubernetes, no GPU on the build machines): docker/Dockerfile, docker/compose.yaml and k8s/*.yaml
 * are parsed, their versions compared with the poms, their job arguments parsed by the job's own
 * command line, their Flink config keys looked up among the keys Flink declares.
 */
package dev.flinfer.jobs.deploy;
