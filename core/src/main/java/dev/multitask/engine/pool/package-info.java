/**
 * The engine behind {@link dev.multitask.pool.Pool}, the same for every backend: a queue in the
 * pool's order ({@link dev.multitask.engine.pool.WorkQueue}), one {@link dev.multitask.engine.pool.Slot}
 * per worker with a thread that takes items and runs them on its
 * {@link dev.multitask.engine.pool.PoolWorker} (a child JVM, or the slot's own thread), and the
 * bookkeeping of failures: replacement, deadlines, quarantine, the timeline.
 */
package dev.multitask.engine.pool;
