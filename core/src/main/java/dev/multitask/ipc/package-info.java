/**
 * Queues and pipes between jobs, as Python's {@code multiprocessing.Queue}, {@code JoinableQueue},
 * {@code Pipe} and the thread {@code queue} module: made by a {@link dev.multitask.Context}, they
 * work the same way between child JVMs (over shared memory), threads and coroutines.
 *
 * <p>An object of this package made by a process context may be captured by a task or sent through
 * another queue: what travels is a handle (the name of its shared memory), never its contents, and
 * the receiving JVM maps the same memory.
 */
package dev.multitask.ipc;
