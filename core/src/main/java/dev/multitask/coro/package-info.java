/**
 * Coroutines: Python's {@code asyncio} and gevent on JDK virtual threads.
 *
 * <p>{@link dev.multitask.coro.Coroutines#run} runs a main coroutine on an {@link
 * dev.multitask.coro.EventLoop}; {@link dev.multitask.coro.Coroutines#spawn} makes more ({@link
 * dev.multitask.coro.Coroutine}); {@link dev.multitask.coro.Coroutines#sleep} and the other await
 * points let the others run. A loop runs one coroutine at a time and switches only at await points,
 * in FIFO order, so a program's interleaving is the same on every run; in parallel mode ({@link
 * dev.multitask.coro.LoopOptions#parallel}) they run at once on every carrier. Around that:
 * combinators ({@code gather}, {@code wait}, {@code asCompleted}, {@code waitFor}, {@code timeout},
 * {@code shield}), structured groups ({@link dev.multitask.coro.TaskGroup}, gevent's {@link
 * dev.multitask.coro.Group}), gevent's links, {@code kill} and {@link dev.multitask.coro.Timeout},
 * and the async primitives ({@link dev.multitask.coro.AsyncLock}, {@link
 * dev.multitask.coro.AsyncSemaphore}, {@link dev.multitask.coro.AsyncEvent}, {@link
 * dev.multitask.coro.AsyncCondition}, {@link dev.multitask.coro.AsyncBarrier}, {@link
 * dev.multitask.coro.AsyncQueue}).
 *
 * <p><b>Design.</b> Each coroutine is a virtual thread; the loop is a baton its coroutines hand to
 * each other ({@code SerialScheduler}): no loop thread, no custom scheduler, no reflection into
 * {@code java.lang}. An await point publishes a wait ({@code Fiber}: an odd sequence number that
 * exactly one waker can end), hands the baton to the oldest ready coroutine and parks; deadlines
 * live in one heap ({@code Timers}) whose entries are the coroutines themselves. Coroutines that
 * never ran are started on the thread of one that ended, so spawning many short ones costs one
 * thread. Cancellation is a count of requests, thrown at every await point until the coroutine ends
 * or the requester takes it back. A loop that first holds a crowd of coroutines waits while a short
 * hidden loop ({@code Priming}) shows the JIT a wake-up, so that a crowd parked before its first
 * wake-up does not resume into freshly compiled traps.
 *
 * <p>The package uses {@code dev.multitask} (the body types), {@code dev.multitask.job} (argument
 * checks, {@code ActionTask}, {@code OnceHold}), {@code dev.multitask.sync.Hold}, {@code
 * dev.multitask.ipc.QueueClosedException} and {@code dev.multitask.pool.Futures.ReturnWhen};
 * nothing uses its internals.
 */
package dev.multitask.coro;
