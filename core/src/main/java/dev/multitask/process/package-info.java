/**
 * Internal: the process backend. A job runs in a worker JVM of its own ({@code WorkerMain}),
 * started by {@code posix_spawn} with the parent's java and class path, tied to its parent by
 * a stdin lifeline, and spoken to over an authenticated channel: two pipes it inherits, or
 * without native access a Unix-domain socket ({@code Handshake}, {@code FrameChannel},
 * {@code ControlServer}). {@code WorkerSupply} keeps
 * warm standby workers; {@code AotCache} trains the JDK's AOT cache for them.
 * {@code docs/ARCHITECTURE.md} draws the protocol and the worker states.
 */
package dev.multitask.process;
