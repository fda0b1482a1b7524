/**
 * Internal: what every backend shares above the {@link dev.multitask.spi.Backend} interface. {@link
 * dev.multitask.engine.BackendContext} is the one {@link dev.multitask.Context} class: the argument
 * checks, the builders, the live jobs and the closing rule, over any backend; {@code
 * NonDaemonKeeper} keeps the JVM alive for non-daemon jobs that have no non-daemon thread of their
 * own; {@code CurrentProcess} answers {@code Multitask.currentProcess()}; {@code TimedBarrier} and
 * {@code RawShared} wrap any backend's barrier and shared values (a default timeout, no lock).
 *
 * <p>Owns: the context, jobs' shared bookkeeping. May use: the API packages, {@code spi}, and the
 * engine's own sub-packages ({@code engine.pool}, {@code engine.pipe}); never a backend.
 */
package dev.multitask.engine;
