/**
 * Synchronization between jobs, as Python's {@code multiprocessing} and {@code threading}
 * primitives: {@link dev.multitask.sync.Lock}, {@link dev.multitask.sync.RLock}, {@link
 * dev.multitask.sync.Semaphore} (also bounded), {@link dev.multitask.sync.Event}, {@link
 * dev.multitask.sync.Condition} and {@link dev.multitask.sync.Barrier}. A {@link
 * dev.multitask.Context} makes them; they behave the same between child JVMs (a word in shared
 * memory and {@code futex(2)}), threads and coroutines ({@code java.util.concurrent}).
 *
 * <p>Every blocking call has a timed form and is interruptible, and a blocked waiter uses no CPU.
 * Beyond Python: a {@link dev.multitask.sync.Lock} whose holder process died is taken over by the
 * next locker, which {@linkplain dev.multitask.sync.Lock#ownerDied() is told}; a {@link
 * dev.multitask.sync.Barrier} one of whose waiting parties died breaks instead of hanging; and a
 * wait-for cycle between locks is reported as a {@link dev.multitask.sync.DeadlockException}.
 *
 * <p>An object of this package made by a process context may be captured by a task or sent through
 * a queue: what travels is a handle (the name of its shared memory), and the receiving JVM maps the
 * same memory.
 */
package dev.multitask.sync;
