/**
 * Internal: the process backend, {@link dev.multitask.process.ProcessBackend}. A job runs in a
 * worker JVM of its own ({@code WorkerMain}), started by {@code posix_spawn} ({@code process.os})
 * with the parent's java and class path and options ({@code process.startup}), tied to its parent
 * by a stdin lifeline, and spoken to over an authenticated channel ({@code wire}): two pipes it
 * inherits, or without native access a Unix-domain socket ({@code ControlServer}, {@code
 * RunDirectory}). {@code Bootstrap} is the first message a worker reads. {@code WorkerSupply} keeps
 * warm standby workers; {@code ProcessWorkers} makes a pool's workers. docs/ARCHITECTURE.md draws
 * the protocol and the worker states.
 *
 * <p>Owns: worker JVMs and their jobs. May use: everything below it — {@code process.startup},
 * {@code process.shm}, {@code process.ipc}, {@code process.sync}, {@code process.containers},
 * {@code process.os}, {@code wire}, {@code codec}, the {@code engine} packages, {@code spi} and the
 * API; nothing uses it but {@code platform}.
 */
package dev.multitask.process;
