/**
 * Internal: the process backend's shared containers, {@code Manager().dict()}, {@code list()} and
 * {@code Namespace()} in shared memory, with no manager process. Each container is a control
 * segment ({@link dev.multitask.process.containers.ContainerDescriptor}: its robust mutex and the
 * name of its data segment) and a data segment that is replaced, never resized, when it grows or is
 * compacted: a hash table in insertion order ({@link
 * dev.multitask.process.containers.MapDescriptor}, {@link
 * dev.multitask.process.containers.MapStore}) or an array of refs to element blobs ({@link
 * dev.multitask.process.containers.ListDescriptor}, {@link
 * dev.multitask.process.containers.ListStore}). Every change is published by one aligned store
 * after its bytes are in place, so a process killed in the middle of one leaves the old state or
 * the new one, and the next locker takes the mutex over.
 *
 * <p>Segments carry the pid of the manager's process, whichever process made them, so they go with
 * it; the manager's registry lists every container for its close. Containers stored in containers
 * travel as their handle ({@link dev.multitask.process.containers.Handles}).
 *
 * <p>Uses {@code dev.multitask.shm} (segments, memory access, liveness), the one container mutex of
 * {@code dev.multitask.shmsync} ({@link dev.multitask.process.containers.ContainerMutex}), {@code
 * dev.multitask.codec} and {@code dev.multitask.containers}; only {@link
 * dev.multitask.process.containers.ShmManager} is used from outside, by the process context.
 */
package dev.multitask.process.containers;
