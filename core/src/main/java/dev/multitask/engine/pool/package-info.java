/**
 * Internal: the engine behind {@link dev.multitask.pool.Pool}, the same for every backend: a queue
 * in the pool's order ({@link dev.multitask.engine.pool.WorkQueue}), one {@link
 * dev.multitask.engine.pool.Slot} per worker with a thread that takes items and runs them on its
 * {@link dev.multitask.spi.PoolWorker}, map chunking and splitting ({@code MapCalls}, {@code
 * ChunkTask}, {@code ChunkSplit}), and the bookkeeping of failures: replacement, deadlines,
 * quarantine, the timeline. {@link dev.multitask.engine.pool.InlineWorkers} is the one {@link
 * dev.multitask.spi.PoolWorkers} that runs items on the slots' own threads (threads, coroutines).
 *
 * <p>Owns: pools. May use: the API packages, {@code spi}, {@code codec}; never a backend (it asks
 * {@link dev.multitask.spi.PoolWorkers}, never which backend it runs on).
 */
package dev.multitask.engine.pool;
