/**
 * Pools of workers, as Python's {@code multiprocessing.Pool} and {@code concurrent.futures} in one
 * type: {@link dev.multitask.pool.Pool}, made by a {@link dev.multitask.Context} with {@link
 * dev.multitask.pool.PoolOptions}.
 *
 * <p>Unlike Python's pools, a pool never breaks: a process worker that dies (crash, out of memory,
 * {@code System.exit}, a signal) fails only the task it was running, with a {@link
 * dev.multitask.pool.WorkerDiedException} that says how it died, and is replaced; a task past its
 * deadline has its worker killed and fails with a {@link dev.multitask.pool.TaskTimeoutException};
 * a task that kills workers again and again is {@linkplain
 * dev.multitask.pool.TaskQuarantinedException quarantined} instead of crash-looping the pool.
 */
package dev.multitask.pool;
