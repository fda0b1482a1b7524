package dev.multitask.codec;

import java.io.Serializable;

/**
 * A value whose {@code writeReplace} returns a record that stands for it, and may be asked for it
 * more than once: doing so has no effect beyond keeping the value alive. Multitask's shared objects
 * (a queue, a lock, shared memory, a pipe's end) are such values: the record names their memory,
 * and the receiving JVM resolves it to its own instance.
 *
 * <p>The codec replaces any value with a {@code writeReplace} once, as serialization does. A value
 * of this kind it may also take where it sits inside a record, such as a pipe end's two queues: it
 * asks for the replacement when it checks the record and again when it writes it.
 */
public interface TravelsAsRecord extends Serializable {}
