/**
 * Model versions changed while a job runs, without Flink types: the commands a control topic or a
 * repository poll sends ({@link dev.flinfer.lifecycle.ModelCommand}), what serves which record
 * ({@link dev.flinfer.lifecycle.ServingPlan}: the serving version, a canary by key hash, a shadow),
 * the versions loaded beside each other and switched at a record boundary ({@link
 * dev.flinfer.lifecycle.VersionSwitch}), the events they report and the shadow's comparison.
 */
package dev.flinfer.lifecycle;
