/**
 * Internal: deadlock detection. {@link dev.multitask.engine.deadlock.WaitGraph} is the wait-for
 * graph of locks across the threads of this JVM and, through the {@link
 * dev.multitask.engine.deadlock.WaitGraph.Remote} a backend registers, of other processes (the
 * process backend publishes its waiters in shared-memory tables).
 *
 * <p>Owns: the graph and the cycle walk. May use: the API packages only; backends plug in.
 */
package dev.multitask.engine.deadlock;
