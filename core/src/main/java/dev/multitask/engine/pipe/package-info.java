/**
 * Internal: a {@link dev.multitask.ipc.Pipe} for every backend, made of the backend's own queues. A
 * duplex pipe is two queues, one per direction; a one-way pipe is one queue that the left end takes
 * from and the right end puts into. Closing an end closes both of its queues: the peer receives
 * what was sent and then end of stream, and the peer's later sends fail.
 *
 * <p>Owns: pipes. May use: the API packages and {@code codec}.
 */
package dev.multitask.engine.pipe;
