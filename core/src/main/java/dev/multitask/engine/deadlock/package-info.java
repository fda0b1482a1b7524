/**
 * Deadlock detection: the wait-for graph of locks across the threads of this JVM and, through
 * tables in shared memory, of other processes.
 */
package dev.multitask.engine.deadlock;
