/**
 * Internal: the thread ({@code Multitask.threads()}) and coroutine ({@code Multitask.coroutines()})
 * backends, on platform and virtual threads of this JVM. Stopping a job is an interrupt.
 */
package dev.multitask.thread;
