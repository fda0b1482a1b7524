/**
 * Internal: the cluster as a {@link dev.multitask.spi.Backend}: jobs ({@code ClusterJob}), pools'
 * workers ({@code ClusterPoolWorkers}, over core's pool engine), the context's report reader and
 * heartbeat ({@code Dispatcher}), and the {@link dev.multitask.spi.BackendProvider} that {@code
 * Multitask.cluster} finds.
 *
 * <p>Owns: a context's link to the workers. May use: core's API, {@code spi}, {@code codec}, {@code
 * engine.pool}, {@code engine.pipe}; and {@code client}, {@code tasks}, {@code ipc}, {@code sync},
 * {@code shared}.
 */
package dev.multitask.redis.backend;
