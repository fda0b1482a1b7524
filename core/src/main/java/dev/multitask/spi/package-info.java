/**
 * The backend interface: what a {@link dev.multitask.Context} needs from an execution model ({@link
 * dev.multitask.spi.Backend}), how a pool's workers are made and fed ({@link
 * dev.multitask.spi.PoolWorkers}, {@link dev.multitask.spi.PoolWorker}, {@link
 * dev.multitask.spi.WorkUnit}), how a module offers a backend for a URL ({@link
 * dev.multitask.spi.BackendProvider}), and the small pieces every implementation shares ({@link
 * dev.multitask.spi.BaseJob}, {@link dev.multitask.spi.Timeouts}, {@link
 * dev.multitask.spi.Uninterruptibly}, ...). Processes, threads and virtual threads are in core; the
 * Redis cluster implements the same interface in {@code multitask-redis}.
 *
 * <p>Applications do not need this package. It uses only the public API packages.
 */
package dev.multitask.spi;
