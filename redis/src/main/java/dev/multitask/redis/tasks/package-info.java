/**
 * Internal: the reliable task queue shared by contexts and workers: envelopes and reports, the
 * keys, and the atomic steps of submitting, taking, acknowledging and reaping ({@code Tasks}).
 *
 * <p>Owns: the task protocol. May use: core's {@code codec}, and {@code client}.
 */
package dev.multitask.redis.tasks;
